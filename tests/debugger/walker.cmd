# args: --bare --mmu walker --levels 3 count.s
# The hardware walker: walk lists its references.
break bump
continue
walk $pc
walk 0x10010000
walk 0x00800000
pt
translate 0x10010000
continue
