# args: count.s
# Looking changes nothing: run.sh compares this session's final statistics
# with those of nolook.cmd, the same run without the looking.
break bump
continue
regs
cp0
x/8xw $sp
x/s msg
x/4i $pc
x/4xw phys 0x1000
x/4xw mach 0x1000
disas
tlb
vtlb
pmap
pt
translate 0x10010000
translate 0x7ffffff0
walk 0x10010000
walk 0x00500000
info vms
info breakpoints
print *counter
delete
continue
stats
