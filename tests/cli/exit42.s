# exit42.s -- power off with status 42.
        .ktext
__start:
        li      $t0, 42
        lui     $t1, 0xbfd0
        sw      $t0, 0x10($t1)
