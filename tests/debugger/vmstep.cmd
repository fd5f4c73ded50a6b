# args: --vms 2 --quantum 5 count.s
# A step that a world switch interrupts is the next VM's instruction.
break loop
continue
delete
next
next
step 3
info vms
