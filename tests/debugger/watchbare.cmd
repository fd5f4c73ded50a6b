# args: --bare same.s
# The same on the bare machine.
watch phys 0x102000
continue
continue
continue
