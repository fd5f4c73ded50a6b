# stubpage.s -- a program whose text sits on the page the guest OS keeps
# for its exit stub (0x00001000).
        .text   0x00001000
main:   jr      $ra
