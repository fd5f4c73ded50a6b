# args: count.s
# From boot code, until runs to an address in any process; the kernel's
# memory reads the same from any mode; FILE:LINE skips data lines.
until main
x/xw curproc
disas refill 2
print *curproc
print/x *curproc
print/d -5
print/u -5
print/q 1
break count.s:1
help next
