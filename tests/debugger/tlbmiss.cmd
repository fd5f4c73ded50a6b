# args: ../vmm/b5.s
# The tutorial of docs/debugger.md: one user TLB miss through the VMM.
break main
continue
delete 1
until main+4
step
step
step
until refill
step 5
step
translate 0x10010000
vtlb
tlb
trace on tlb
continue
