# args: count.s
# look.cmd without the looking (run.sh compares their statistics).
break bump
continue
delete
continue
stats
