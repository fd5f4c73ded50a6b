/*
 * check_asm_disas.c -- the disassembler: the text of every row and alias of
 * cpu/isa.def (checked by hand against mipsel-linux-gnu-objdump), targets
 * with symbols, unknown words, listings, and the assemble -> disassemble ->
 * assemble round trip over every row and random words.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asm/asm.h"
#include "cpu/isa.h"
#include "tests/check_asm_cases.h"

#define NELEM(a) (sizeof (a) / sizeof (a)[0])

struct dis_case { uint32_t word; const char *text; };

/* at pc 0x00400000, no image */
static const struct dis_case dis_cases[] = {
    { 0x08100001, "j 0x00400004" },
    { 0x0c100001, "jal 0x00400004" },
    { 0x10b20000, "beq $a1,$s2,0x00400004" },
    { 0x14b20000, "bne $a1,$s2,0x00400004" },
    { 0x18a00000, "blez $a1,0x00400004" },
    { 0x1ca00000, "bgtz $a1,0x00400004" },
    { 0x20b2fed4, "addi $s2,$a1,-300" },
    { 0x24b2fed4, "addiu $s2,$a1,-300" },
    { 0x28b2fed4, "slti $s2,$a1,-300" },
    { 0x2cb2fed4, "sltiu $s2,$a1,-300" },
    { 0x30b2beef, "andi $s2,$a1,0xbeef" },
    { 0x34b2beef, "ori $s2,$a1,0xbeef" },
    { 0x38b2beef, "xori $s2,$a1,0xbeef" },
    { 0x3c12beef, "lui $s2,0xbeef" },
    { 0x50b20000, "beql $a1,$s2,0x00400004" },
    { 0x54b20000, "bnel $a1,$s2,0x00400004" },
    { 0x58a00000, "blezl $a1,0x00400004" },
    { 0x5ca00000, "bgtzl $a1,0x00400004" },
    { 0x83b2fff4, "lb $s2,-12($sp)" },
    { 0x87b2fff4, "lh $s2,-12($sp)" },
    { 0x8bb2fff4, "lwl $s2,-12($sp)" },
    { 0x8fb2fff4, "lw $s2,-12($sp)" },
    { 0x93b2fff4, "lbu $s2,-12($sp)" },
    { 0x97b2fff4, "lhu $s2,-12($sp)" },
    { 0x9bb2fff4, "lwr $s2,-12($sp)" },
    { 0xa3b2fff4, "sb $s2,-12($sp)" },
    { 0xa7b2fff4, "sh $s2,-12($sp)" },
    { 0xabb2fff4, "swl $s2,-12($sp)" },
    { 0xafb2fff4, "sw $s2,-12($sp)" },
    { 0xbbb2fff4, "swr $s2,-12($sp)" },
    { 0xbfb5fff4, "cache 21,-12($sp)" },
    { 0xc3b2fff4, "ll $s2,-12($sp)" },
    { 0xcfa6fff4, "pref 6,-12($sp)" },
    { 0xe3b2fff4, "sc $s2,-12($sp)" },
    { 0x00124340, "sll $t0,$s2,13" },
    { 0x00124342, "srl $t0,$s2,13" },
    { 0x00124343, "sra $t0,$s2,13" },
    { 0x00b24004, "sllv $t0,$s2,$a1" },
    { 0x00b24006, "srlv $t0,$s2,$a1" },
    { 0x00b24007, "srav $t0,$s2,$a1" },
    { 0x00a00008, "jr $a1" },
    { 0x00a04009, "jalr $t0,$a1" },
    { 0x00b2400a, "movz $t0,$a1,$s2" },
    { 0x00b2400b, "movn $t0,$a1,$s2" },
    { 0x0048d14c, "syscall 74565" },
    { 0x001100cd, "break 17,3" },
    { 0x0000000f, "sync" },
    { 0x00004010, "mfhi $t0" },
    { 0x00a00011, "mthi $a1" },
    { 0x00004012, "mflo $t0" },
    { 0x00a00013, "mtlo $a1" },
    { 0x00b20018, "mult $a1,$s2" },
    { 0x00b20019, "multu $a1,$s2" },
    { 0x00b2001a, "div $a1,$s2" },
    { 0x00b2001b, "divu $a1,$s2" },
    { 0x00b24020, "add $t0,$a1,$s2" },
    { 0x00b24021, "addu $t0,$a1,$s2" },
    { 0x00b24022, "sub $t0,$a1,$s2" },
    { 0x00b24023, "subu $t0,$a1,$s2" },
    { 0x00b24024, "and $t0,$a1,$s2" },
    { 0x00b24025, "or $t0,$a1,$s2" },
    { 0x00b24026, "xor $t0,$a1,$s2" },
    { 0x00b24027, "nor $t0,$a1,$s2" },
    { 0x00b2402a, "slt $t0,$a1,$s2" },
    { 0x00b2402b, "sltu $t0,$a1,$s2" },
    { 0x00b200f0, "tge $a1,$s2,3" },
    { 0x00b200f1, "tgeu $a1,$s2,3" },
    { 0x00b200f2, "tlt $a1,$s2,3" },
    { 0x00b200f3, "tltu $a1,$s2,3" },
    { 0x00b200f4, "teq $a1,$s2,3" },
    { 0x00b200f6, "tne $a1,$s2,3" },
    { 0x04a00000, "bltz $a1,0x00400004" },
    { 0x04a10000, "bgez $a1,0x00400004" },
    { 0x04a20000, "bltzl $a1,0x00400004" },
    { 0x04a30000, "bgezl $a1,0x00400004" },
    { 0x04a8fed4, "tgei $a1,-300" },
    { 0x04a9fed4, "tgeiu $a1,-300" },
    { 0x04aafed4, "tlti $a1,-300" },
    { 0x04abfed4, "tltiu $a1,-300" },
    { 0x04acfed4, "teqi $a1,-300" },
    { 0x04aefed4, "tnei $a1,-300" },
    { 0x04b00000, "bltzal $a1,0x00400004" },
    { 0x04b10000, "bgezal $a1,0x00400004" },
    { 0x04b20000, "bltzall $a1,0x00400004" },
    { 0x04b30000, "bgezall $a1,0x00400004" },
    { 0x70b20000, "madd $a1,$s2" },
    { 0x70b20001, "maddu $a1,$s2" },
    { 0x70b24002, "mul $t0,$a1,$s2" },
    { 0x70b20004, "msub $a1,$s2" },
    { 0x70b20005, "msubu $a1,$s2" },
    { 0x70a31820, "clz $v1,$a1" },
    { 0x70a31821, "clo $v1,$a1" },
    { 0x40126005, "mfc0 $s2,$12,5" },
    { 0x40926005, "mtc0 $s2,$12,5" },
    { 0x42000001, "tlbr" },
    { 0x42000002, "tlbwi" },
    { 0x42000006, "tlbwr" },
    { 0x42000008, "tlbp" },
    { 0x42000018, "eret" },
    { 0x42000020, "wait" },
    { 0x00000000, "nop" },
    { 0x00000040, "ssnop" },
    { 0x01204025, "move $t0,$t1" },
    { 0x00008025, "move $s0,$zero" },
    { 0x00094023, "negu $t0,$t1" },
    { 0x000b5022, "neg $t2,$t3" },
    { 0x000c6022, "neg $t4,$t4" },
    { 0x000d6823, "negu $t5,$t5" },
    { 0x01204027, "not $t0,$t1" },
    { 0x01405027, "not $t2,$t2" },
    { 0x1000ffff, "b 0x00400000" },
    { 0x1100ffff, "beqz $t0,0x00400000" },
    { 0x1520ffff, "bnez $t1,0x00400000" },
    { 0x5140ffff, "beqzl $t2,0x00400000" },
    { 0x5560ffff, "bnezl $t3,0x00400000" },
    { 0x0411ffff, "bal 0x00400000" },
    { 0x24080005, "li $t0,5" },
    { 0x2409ffff, "li $t1,-1" },
    { 0x0320f809, "jalr $t9" },
    { 0x0320f809, "jalr $t9" },
    { 0x01204009, "jalr $t0,$t1" },
    { 0x0000000c, "syscall" },
    { 0x0000000c, "syscall" },
    { 0x0000028c, "syscall 10" },
    { 0x0000000d, "break" },
    { 0x0007000d, "break 7" },
    { 0x0006014d, "break 6,5" },
    { 0x01090034, "teq $t0,$t1" },
    { 0x01090036, "tne $t0,$t1" },
    { 0x01090030, "tge $t0,$t1" },
    { 0x01090031, "tgeu $t0,$t1" },
    { 0x01090032, "tlt $t0,$t1" },
    { 0x01090033, "tltu $t0,$t1" },
    { 0x010001f4, "teq $t0,$zero,7" },
    { 0x40086000, "mfc0 $t0,$12" },
    { 0x40887000, "mtc0 $t0,$14" },
    { 0x401a6800, "mfc0 $k0,$13" },
    { 0x409b5001, "mtc0 $k1,$10,1" },
    { 0x01094021, "addu $t0,$t0,$t1" },
    { 0x014b5023, "subu $t2,$t2,$t3" },
    { 0x018d6024, "and $t4,$t4,$t5" },
    { 0x01cf7025, "or $t6,$t6,$t7" },
    { 0x02118026, "xor $s0,$s0,$s1" },
    { 0x02539027, "nor $s2,$s2,$s3" },
    { 0x0295a02a, "slt $s4,$s4,$s5" },
    { 0x02d7b02b, "sltu $s6,$s6,$s7" },
    { 0x25080004, "addiu $t0,$t0,4" },
    { 0x2108fffc, "addi $t0,$t0,-4" },
    { 0x312900ff, "andi $t1,$t1,0xff" },
    { 0x3529ff00, "ori $t1,$t1,0xff00" },
    { 0x39290001, "xori $t1,$t1,0x1" },
    { 0x294a0009, "slti $t2,$t2,9" },
    { 0x2d4a0009, "sltiu $t2,$t2,9" },
    { 0x000840c0, "sll $t0,$t0,3" },
    { 0x000840c2, "srl $t0,$t0,3" },
    { 0x000840c3, "sra $t0,$t0,3" },
    { 0x0109400a, "movz $t0,$t0,$t1" },
    { 0x0109400b, "movn $t0,$t0,$t1" },
    { 0x01094020, "add $t0,$t0,$t1" },
    { 0x01094022, "sub $t0,$t0,$t1" },
    { 0x71094002, "mul $t0,$t0,$t1" },
    { 0x03e00008, "jr $ra" },
    /* fields no operand covers must be zero, or it is data */
    { 0x00000001, ".word 0x00000001" },          /* SPECIAL funct 1: reserved */
    { 0x00200000, ".word 0x00200000" },          /* sll with rs != 0 */
    { 0x44000000, ".word 0x44000000" },          /* COP1 */
    { 0xffffffff, ".word 0xffffffff" },
    { 0x0000000c, "syscall" },
    { 0x0320f809, "jalr $t9" },                  /* the alias is rd = 31 */
    { 0x03e00009, "jalr $zero,$ra" },
    { 0x3c01ffff, "lui $at,0xffff" },
    { 0x3401ffff, "ori $at,$zero,0xffff" },      /* li (ori) is assembler-only */
    { 0x2401ffff, "li $at,-1" },
    { 0x1000ffff, "b 0x00400000" },
    { 0x1000fffe, "b 0x003ffffc" },
    { 0x10000000, "b 0x00400004" },
    { 0x08000000, "j 0x00000000" },
    { 0x0bffffff, "j 0x0ffffffc" },
    { 0x00000040, "ssnop" },
    { 0x00000080, "sll $zero,$zero,2" },
};

START_TEST(test_text)
{
    char buf[128];
    const struct dis_case *c = &dis_cases[_i];
    asm_disas(c->word, 0x00400000, NULL, buf, sizeof buf);
    ck_assert_msg(!strcmp(buf, c->text), "0x%08x: got '%s', want '%s'", c->word, buf, c->text);
}
END_TEST

START_TEST(test_every_row_printed)
{
    /* each INSN row has a case whose text starts with its mnemonic or an alias */
    char buf[128];
    for (size_t i = 0; i < NELEM(row_cases); i++) {
        uint32_t w = row_cases[i].words[0];
        enum isa_op op = isa_decode(w);
        ck_assert_int_eq(op, (int)i + 1);
        asm_disas(w, 0x00400000, NULL, buf, sizeof buf);
        size_t n = strlen(isa_insns[op].mnemonic);
        ck_assert_msg(!strncmp(buf, isa_insns[op].mnemonic, n) && (buf[n] == ' ' || !buf[n]),
                      "row %s printed as '%s'", isa_insns[op].mnemonic, buf);
    }
}
END_TEST

START_TEST(test_symbols)
{
    struct asm_image img;
    char buf[128];
    const char *src = ".text\nmain: nop\nloop: nop\n b loop\n b main+12\n"
                      ".ktext\nfar: nop\n";
    ck_assert_int_eq(asm_assemble("s.s", src, strlen(src), &img, NULL), 0);
    asm_disas(0x1000fffe, 0x00400008, &img, buf, sizeof buf);
    ck_assert_str_eq(buf, "b 0x00400004 <loop>");
    asm_disas(0x10000001, 0x00400008, &img, buf, sizeof buf);
    ck_assert_str_eq(buf, "b 0x00400010 <loop+0xc>");
    asm_disas(0x0c000060, 0x80000000, &img, buf, sizeof buf);
    ck_assert_str_eq(buf, "jal 0x80000180 <far>");
    asm_disas(0x1000ffff, 0x00000100, &img, buf, sizeof buf);    /* before every label */
    ck_assert_str_eq(buf, "b 0x00000100");
    asm_image_free(&img);
}
END_TEST

START_TEST(test_small_buffers)
{
    char buf[8];
    memset(buf, 'x', sizeof buf);
    asm_disas(0x012a4021, 0, NULL, buf, 5);
    ck_assert_str_eq(buf, "addu");
    asm_disas(0x012a4021, 0, NULL, buf, 1);
    ck_assert_str_eq(buf, "");
    ck_assert_ptr_null(asm_disas(0, 0, NULL, NULL, 0));
}
END_TEST

START_TEST(test_listing)
{
    struct asm_image img;
    const char *src = ".text\n.globl main\nmain: li $t0, 5\nloop: addiu $t0, $t0, -1\n"
                      "bnez $t0, loop\n.word 0x44000000\n.data\nd: .word 1\n";
    ck_assert_int_eq(asm_assemble("l.s", src, strlen(src), &img, NULL), 0);
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    asm_disas_image(&img, f);
    fclose(f);
    ck_assert_str_eq(out,
        "Disassembly of section .text:\n"
        "\n00400000 <main>:\n"
        "  00400000: 24080005  li $t0,5\n"
        "\n00400004 <loop>:\n"
        "  00400004: 2508ffff  addiu $t0,$t0,-1\n"
        "  00400008: 1500fffe  bnez $t0,0x00400004 <loop>\n"
        "  0040000c: 00000000  nop\n"
        "  00400010: 44000000  .word 0x44000000\n");
    free(out);
    asm_image_free(&img);
}
END_TEST

/* Padding between vectors is collapsed, up to the next label; short runs of
 * zero words (real nops) are printed. */
START_TEST(test_listing_zero_runs)
{
    struct asm_image img;
    const char *src = ".ktext 0x80000000\nrefill: eret\n"
                      ".ktext 0x80000180\ngeneral: eret\nnop\nnop\nlast: eret\n";
    ck_assert_int_eq(asm_assemble("z.s", src, strlen(src), &img, NULL), 0);
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    asm_disas_image(&img, f);
    fclose(f);
    ck_assert_str_eq(out,
        "Disassembly of section .ktext:\n"
        "\n80000000 <refill>:\n"
        "  80000000: 42000018  eret\n"
        "  80000004: 00000000  nop\n"
        "  ...       (94 more zero words)\n"
        "\n80000180 <general>:\n"
        "  80000180: 42000018  eret\n"
        "  80000184: 00000000  nop\n"
        "  80000188: 00000000  nop\n"
        "\n8000018c <last>:\n"
        "  8000018c: 42000018  eret\n");
    free(out);
    asm_image_free(&img);
}
END_TEST

/* roundtrip: disassemble w at pc, assemble the text at pc, expect w again.
 * Returns false if w is not an instruction (".word"). */
static bool roundtrip(uint32_t w, uint32_t pc)
{
    char text[128], src[256];
    asm_disas(w, pc, NULL, text, sizeof text);
    if (!strncmp(text, ".word", 5))
        return false;
    snprintf(src, sizeof src, "\t.set noreorder\n\t.set noat\n\t.text 0x%08x\n\t%s\n", pc, text);
    struct asm_image img;
    char *diag = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&diag, &len);
    int e = asm_assemble("r.s", src, strlen(src), &img, f);
    fclose(f);
    ck_assert_msg(e == 0, "0x%08x at 0x%08x -> '%s' does not assemble:\n%s", w, pc, text, diag);
    free(diag);
    ck_assert_uint_eq(img.nsections, 1);
    ck_assert_uint_eq(img.sections[0].size, 4);
    const uint8_t *b = img.sections[0].data;
    uint32_t got = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
                   (uint32_t)b[3] << 24;
    ck_assert_msg(got == w, "0x%08x -> '%s' -> 0x%08x", w, text, got);
    asm_image_free(&img);
    return true;
}

START_TEST(test_roundtrip_cases)
{
    const struct asm_case *sets[] = { row_cases, alias_cases, pseudo_cases };
    size_t sizes[] = { NELEM(row_cases), NELEM(alias_cases), NELEM(pseudo_cases) };
    for (int s = 0; s < 3; s++)
        for (size_t i = 0; i < sizes[s]; i++)
            for (int k = 0; k < sets[s][i].n; k++)
                ck_assert(roundtrip(sets[s][i].words[k], 0x00400000 + 4u * (unsigned)k));
}
END_TEST

START_TEST(test_roundtrip_random)
{
    /* random words, and random words forced into each row's encoding */
    uint32_t seed = 0x1234567u + (uint32_t)_i;
    int done = 0;
    for (int iter = 0; iter < 3000; iter++) {
        seed = seed * 1664525u + 1013904223u;
        uint32_t w = seed;
        seed = seed * 1664525u + 1013904223u;
        enum isa_op op = (enum isa_op)(1 + seed % (OP_COUNT - 1));
        if (iter & 1) {
            /* keep the row's opcode fields and its operand fields only */
            uint32_t m = isa_insns[op].opmask;
            w = isa_insns[op].match | (w & ~m);
        }
        uint32_t pc = 0x00400000u + ((seed >> 4) & 0x00ffff00u);
        done += roundtrip(w, pc);
    }
    ck_assert_int_gt(done, 300);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("disas");
    TCase *t = tcase_create("disas");
    tcase_add_loop_test(t, test_text, 0, (int)NELEM(dis_cases));
    tcase_add_test(t, test_every_row_printed);
    tcase_add_test(t, test_symbols);
    tcase_add_test(t, test_small_buffers);
    tcase_add_test(t, test_listing);
    tcase_add_test(t, test_listing_zero_runs);
    tcase_add_test(t, test_roundtrip_cases);
    tcase_add_loop_test(t, test_roundtrip_random, 0, 8);
    tcase_set_timeout(t, 120);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    SRunner *r = srunner_create(suite());
    srunner_run_all(r, CK_NORMAL);
    int failed = srunner_ntests_failed(r);
    srunner_free(r);
    return failed ? 1 : 0;
}
