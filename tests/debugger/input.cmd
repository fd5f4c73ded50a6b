# args: --input ../../guestos/programs/interactive.in ../../guestos/programs/interactive.s
# --input FILE is the guest's console input.
break exception Sys
continue
delete
continue
