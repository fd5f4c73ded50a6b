# exit42user.s -- a user program that ends with exit2(42).
        .text
main:   li      $a0, 42
        li      $v0, 17
        syscall
