# fault_stackoverflow.s -- runaway recursion: every call pushes one word,
# so the stack grows a word at a time until it reaches its 8 MiB limit
# (0x7f800000); the first push below it faults.  On the way down the OS
# maps 2048 stack pages on demand.
# fault: segmentation fault at 0x7f7ffffc (pc 0x00400004)
# status: 139
        .text
        .globl main
main:
rec:
        addiu   $sp, $sp, -4        # 0x00400000
        sw      $ra, 0($sp)         # 0x00400004
        jal     rec                 # 0x00400008
