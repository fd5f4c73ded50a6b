# args: --bare --kernel ../kernel/refill.s
# Your own kernel (--kernel): its symbols; pt needs the guest OS.
step 4
pt
break exception
continue
regs
tlb
delete
continue
