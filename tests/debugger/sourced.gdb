# commands for vmexit.cmd's "source": one level of nesting
print main
info breakpoints
