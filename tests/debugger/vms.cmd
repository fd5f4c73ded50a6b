# args: --vms 2 --quantum 2000 count.s
# Two VMs: info vms, vm N, each VM's vTLB and pmap; a breakpoint hits either.
break bump
continue
info vms
continue
continue
continue
info vms
vm 0
regs
vtlb 1
pmap 1 0 8
tlb
vm
delete
continue
