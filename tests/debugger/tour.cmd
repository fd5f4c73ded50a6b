# args: count.s
# Every execution and breakpoint command, memory, registers, set, print.
help
help x
break loop
break count.s:20
info breakpoints
continue
next
disable 2
watch counter
continue
finish
step
x/s msg
x/2i $pc
x/8xb phys 0
x/2dw mach 0
x
set $t0 = 5
print $t0 + 1
print -1
set {w} counter = 7
x/dw counter
print *counter
print/x counter
set $pc = loop
regs
disas bump 4
enable 2
info breakpoints
delete 3
continue
delete
next 3

continue
info registers
