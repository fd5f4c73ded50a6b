# args: --bare count.s
# The bare machine: the guest OS owns the TLB; there is no VMM to show.
break exception
continue
step 3
tlb
translate 0x10010000
cp0
vtlb
pmap
trace on
break vmexit
delete
break bump
continue
pt
walk 0x10010000
continue
