# args: --mmu walker --paging shadow --levels 3 count.s
# Shadow paging: walk shows the guest's table and the shadow table; a
# hidden miss fills the shadow.
break bump
continue
walk 0x10010000
translate 0x10010000
step 3
walk 0x10010000
translate 0x10010000
walk 0x10020000
delete
continue
