/*
 * disas.c -- the disassembler, expanded from cpu/isa.def like the assembler.
 *
 * A word is decoded with isa_decode(); every field the row's operands do not
 * cover must be zero, or the word prints as ".word".  The aliases of the
 * instruction are tried first, in table order (nop, move, b, beqz, li...).
 * Output is valid input for the assembler: "$" register names, targets as
 * absolute addresses, hex immediates for andi/ori/xori/lui, decimal otherwise.
 */
#include <string.h>

#include "asm/asm_int.h"

/* field_mask: the bits operand letter l occupies. */
static uint32_t field_mask(char l)
{
    switch (l) {
    case 'd': case 'E': return ISA_PUT_RD(~0u);
    case 's': case 'b': return ISA_PUT_RS(~0u);
    case 't': case 'k': case 'h': return ISA_PUT_RT(~0u);
    case 'U': return ISA_PUT_RD(~0u) | ISA_PUT_RT(~0u);
    case '<': return ISA_PUT_SA(~0u);
    case 'j': case 'i': case 'o': case 'p': return ISA_PUT_IMM(~0u);
    case 'a': return ISA_PUT_TARGET(~0u);
    case 'c': return ISA_PUT_CODEHI(~0u);
    case 'q': return ISA_PUT_CODELO(~0u);
    case 'B': return ISA_PUT_CODE20(~0u);
    case 'H': return ISA_PUT_SEL(~0u);
    default: return 0;
    }
}

static uint32_t operands_mask(const char *ops)
{
    uint32_t m = 0;
    for (const char *p = ops; *p; p++)
        m |= field_mask(*p);
    return m;
}

static size_t put(char *buf, size_t n, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static size_t put(char *buf, size_t n, size_t at, const char *fmt, ...)
{
    va_list ap;
    if (at >= n)
        return at;
    va_start(ap, fmt);
    int k = vsnprintf(buf + at, n - at, fmt, ap);
    va_end(ap);
    if (k < 0)
        return at;
    return at + (size_t)k >= n ? n - 1 : at + (size_t)k;
}

static size_t target(char *buf, size_t n, size_t at, uint32_t addr, const struct asm_image *img)
{
    at = put(buf, n, at, "0x%08x", addr);
    const struct asm_symbol *s = img ? asm_symbol_covering(img, addr) : NULL;
    if (s) {
        if (s->value == addr)
            at = put(buf, n, at, " <%s>", s->name);
        else
            at = put(buf, n, at, " <%s+0x%x>", s->name, addr - s->value);
    }
    return at;
}

static bool hex_imm(enum isa_op op)
{
    return op == OP_ANDI || op == OP_ORI || op == OP_XORI || op == OP_LUI;
}

static void format(uint32_t w, uint32_t pc, const struct asm_image *img, enum isa_op op,
                   const char *mn, const char *ops, char *buf, size_t n)
{
    size_t at = put(buf, n, 0, "%s", mn);
    bool first = true;
    for (const char *p = ops; *p; p++) {
        if (*p == ',' || *p == '(' || *p == ')') {
            at = put(buf, n, at, "%c", *p);
            continue;
        }
        if (first)
            at = put(buf, n, at, " ");
        first = false;
        switch (*p) {
        case 'd': case 'U': at = put(buf, n, at, "$%s", isa_reg_names[ISA_GET_RD(w)]); break;
        case 's': case 'b': at = put(buf, n, at, "$%s", isa_reg_names[ISA_GET_RS(w)]); break;
        case 't': at = put(buf, n, at, "$%s", isa_reg_names[ISA_GET_RT(w)]); break;
        case 'E': at = put(buf, n, at, "$%u", ISA_GET_RD(w)); break;
        case '<': at = put(buf, n, at, "%u", ISA_GET_SA(w)); break;
        case 'j': case 'o': at = put(buf, n, at, "%d", ISA_GET_SIMM(w)); break;
        case 'i':
            if (hex_imm(op))
                at = put(buf, n, at, "0x%x", ISA_GET_IMM(w));
            else
                at = put(buf, n, at, "%u", ISA_GET_IMM(w));
            break;
        case 'p':
            at = target(buf, n, at, pc + 4 + (uint32_t)(ISA_GET_SIMM(w) * 4), img);
            break;
        case 'a':
            at = target(buf, n, at, ((pc + 4) & 0xf0000000u) | (ISA_GET_TARGET(w) << 2), img);
            break;
        case 'c': at = put(buf, n, at, "%u", ISA_GET_CODEHI(w)); break;
        case 'q': at = put(buf, n, at, "%u", ISA_GET_CODELO(w)); break;
        case 'B': at = put(buf, n, at, "%u", ISA_GET_CODE20(w)); break;
        case 'H': at = put(buf, n, at, "%u", ISA_GET_SEL(w)); break;
        case 'k': case 'h': at = put(buf, n, at, "%u", ISA_GET_RT(w)); break;
        default: break;
        }
    }
}

char *asm_disas(uint32_t word, uint32_t pc, const struct asm_image *img, char *buf, size_t n)
{
    if (!buf || !n)
        return buf;
    enum isa_op op = isa_decode(word);
    const struct isa_insn *in = &isa_insns[op];
    uint32_t own = op == OP_RESERVED ? 0 : operands_mask(in->operands);

    /* "U" (clz/clo) names one register, written to both rd and rt */
    bool u_bad = op != OP_RESERVED && strchr(in->operands, 'U') &&
                 ISA_GET_RD(word) != ISA_GET_RT(word);
    if (op == OP_RESERVED || u_bad || (word & ~(in->opmask | own)) != 0) {
        snprintf(buf, n, ".word 0x%08x", word);
        return buf;
    }
    for (size_t k = 0; k < ISA_NALIASES; k++) {
        const struct isa_alias *a = &isa_aliases[k];
        if (a->op != op || (a->flags & ISA_A_NODIS))
            continue;
        /* the fields the instruction has and the alias does not show are fixed */
        uint32_t fixed = own & ~operands_mask(a->operands);
        if ((word & fixed) == (a->match & fixed)) {
            format(word, pc, img, op, a->mnemonic, a->operands, buf, n);
            return buf;
        }
    }
    format(word, pc, img, op, in->mnemonic, in->operands, buf, n);
    return buf;
}

void asm_disas_image(const struct asm_image *img, FILE *out)
{
    for (size_t i = 0; i < img->nsections; i++) {
        const struct asm_section *s = &img->sections[i];
        if (!s->exec)
            continue;
        fprintf(out, "%sDisassembly of section %s:\n", i ? "\n" : "", s->name);
        size_t k = 0;        /* next symbol to print */
        while (k < img->nsymbols && img->symbols[k].value < s->addr)
            k++;
        for (uint32_t off = 0; off + 4 <= s->size; off += 4) {
            uint32_t pc = s->addr + off;
            for (; k < img->nsymbols && img->symbols[k].value <= pc; k++) {
                const struct asm_symbol *sym = &img->symbols[k];
                if (sym->is_label && sym->value == pc)
                    fprintf(out, "\n%08x <%s>:\n", pc, sym->name);
            }
            const uint8_t *b = s->data + off;
            uint32_t w = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
                         (uint32_t)b[3] << 24;
            char text[128];
            asm_disas(w, pc, img, text, sizeof text);
            fprintf(out, "  %08x: %08x  %s\n", pc, w, text);
            if (w == 0) {
                /* Collapse a run of zero words (padding between vectors) up
                 * to the next label, as objdump does. */
                uint32_t end = off + 4;
                uint32_t stop = k < img->nsymbols && img->symbols[k].value - s->addr < s->size
                    ? img->symbols[k].value - s->addr : s->size;
                while (end + 4 <= stop && !memcmp(s->data + end, "\0\0\0\0", 4))
                    end += 4;
                if (end - off >= 12) {
                    fprintf(out, "  ...       (%u more zero words)\n", (end - off) / 4 - 1);
                    off = end - 4;
                }
            }
        }
        if (s->size % 4) {
            uint32_t off = s->size & ~3u;
            fprintf(out, "  %08x:", s->addr + off);
            for (; off < s->size; off++)
                fprintf(out, " %02x", s->data[off]);
            fprintf(out, "  (trailing bytes)\n");
        }
    }
}
