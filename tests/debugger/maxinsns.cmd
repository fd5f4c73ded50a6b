# args: --max-insns 5000 count.s
# --max-insns: the machine stops after that many instructions.
continue
step
next
finish
until main
