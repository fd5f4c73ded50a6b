# args: count.s
# Stopping at VM exits, tracing, stats, source.
break vmexit privileged
continue
continue
delete
break vmexit hidden
continue
delete
break vmexit
step
continue
delete
break exception Sys
continue
delete
source sourced.gdb
stats
