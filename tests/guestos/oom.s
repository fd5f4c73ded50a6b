# oom.s -- a memory hog: grows the heap 64 KiB at a time and touches
# every new page, forever.  The OS runs out of frames and kills it.
# Where it dies is up to the OS: in sbrk (0x00400008), if sbrk refuses
# memory it cannot provide, or at the store that first touches a page it
# cannot map (0x00400010).  Run alone: out of memory is a shared disaster,
# and docs/programs.md does not promise anything to the other processes.
# fault: out of memory (pc 0x00400008 or 0x00400010)
# status: 137
        .text
        .globl main
main:
grow:
        li      $v0, 9              # 0x00400000: sbrk(65536)
        lui     $a0, 1              # 0x00400004
        syscall                     # 0x00400008
        li      $t0, 16             # 0x0040000c: touch its 16 pages
touch:
        sw      $t0, 0($v0)         # 0x00400010
        addiu   $v0, $v0, 4096
        addiu   $t0, $t0, -1
        bnez    $t0, touch
        b       grow
