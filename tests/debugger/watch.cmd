# args: same.s
# A watchpoint stops on every write of the word, the same value or not.
break main
continue
delete 1
watch flag
continue
continue
info breakpoints
continue
