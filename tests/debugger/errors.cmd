# args: count.s
# Bad commands and arguments: a one-line error each, and the session goes on.
frob
di
step 0
step x
x/4xw 0x70000000
x/q 0
x/4xw 0x10010002
break nosuch
break count.s:999
break 0x400002
break exception Frob
delete 9
vm 5
set $zero = 1
set $status = 1
set $nosuch = 1
set {q} 0 = 1
set $t0 5
print 1/0
print (1
info frob
source /nonexistent/file
"unterminated
walk 0x90000000
translate
disas frob
pmap 0 0x99999
trace frob
regs
