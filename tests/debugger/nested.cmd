# args: --mmu walker --paging nested --levels 4 --nested-levels 4 count.s
# Nested paging: walk draws the 2D walk (24 references cold), translate
# shows both dimensions, stats the 2D walks.
break bump
continue
walk $pc
walk 0x10010000
step 3
walk 0x10010000
translate 0x10010000
walk 0x80001000
pt
delete
continue
stats
