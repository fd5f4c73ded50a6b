#!/bin/sh
# tests/gas/run.sh -- differential test of "tlbvisor as" against GNU as.
#
#   sh tests/gas/run.sh /abs/path/to/tlbvisor
#
# Every corpus/*.s is assembled twice: by tlbvisor, and by
#   mipsel-linux-gnu-as -march=mips32 -O0  +  mipsel-linux-gnu-ld (link.ld:
#   .text at 0x00400000, .data at 0x10010000).
# The .text and .data bytes must be equal (GNU pads sections to 16 bytes:
# the padding must be zeros).  Also checked:
#   - the corpus uses every mnemonic of cpu/isa.def (INSN and ALIAS rows) and
#     every pseudo-instruction of docs/assembler.md's list;
#   - GNU readelf and objdump accept tlbvisor's ELF output without complaint;
#   - tlbvisor disas reads executables made by GNU ld, and tlbvisor run
#     --kernel runs a kernel built by GNU as + ld (kernel_gnu.s, kernel.ld).
# Exit status 0 = pass.  On a mismatch, the two disassemblies are diffed.
set -u

TLB=${1:-}
if [ -z "$TLB" ] || [ ! -x "$TLB" ]; then
    echo "usage: sh tests/gas/run.sh /abs/path/to/tlbvisor" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
AS=mipsel-linux-gnu-as
LD=mipsel-linux-gnu-ld
OBJCOPY=mipsel-linux-gnu-objcopy
OBJDUMP=mipsel-linux-gnu-objdump
READELF=mipsel-linux-gnu-readelf
for t in $AS $LD $OBJCOPY $OBJDUMP $READELF; do
    if ! command -v $t >/dev/null 2>&1; then
        echo "tests/gas: $t is missing; install GNU binutils for mipsel:" >&2
        echo "    apt-get install -y binutils-mipsel-linux-gnu" >&2
        exit 1
    fi
done

# Debian's GNU as puts a "sync" before every ll by default (a Loongson 3
# erratum workaround, -mfix-loongson3-llsc); tlbvisor emits the instructions
# as written, so the oracle runs without the workaround.
GASFLAGS=
if $AS --help 2>/dev/null | grep -q -- -mno-fix-loongson3-llsc; then
    GASFLAGS=-mno-fix-loongson3-llsc
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tlbvisor-gas.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
nfiles=0

# section_bytes ELF SECTION OUT: the bytes of one section (empty if absent)
section_bytes() {
    if $OBJDUMP -h "$1" 2>/dev/null | awk '{print $2}' | grep -qx -- "$2"; then
        $OBJCOPY -O binary -j "$2" "$1" "$3"
    else
        : > "$3"
    fi
}

# disasm ELF SECTION: one "address: word  text" line per word, for diffs
disasm() {
    $OBJDUMP -d -z -j "$2" "$1" 2>/dev/null | grep -E '^ +[0-9a-f]+:' | sed 's/ *<[^>]*>//'
}

# compare NAME SECTION OURS GNU: ours must equal GNU's, up to GNU's zero padding
compare() {
    name=$1 sec=$2 ours=$3 gnu=$4
    section_bytes "$ours" "$sec" "$tmp/o.bin"
    section_bytes "$gnu" "$sec" "$tmp/g.bin"
    osz=$(wc -c < "$tmp/o.bin")
    gsz=$(wc -c < "$tmp/g.bin")
    ok=1
    if [ "$osz" -gt "$gsz" ]; then
        ok=0
    else
        head -c "$osz" "$tmp/g.bin" > "$tmp/g.head"
        if ! cmp -s "$tmp/o.bin" "$tmp/g.head"; then
            ok=0
        elif [ "$gsz" -gt "$osz" ] && tail -c +"$((osz + 1))" "$tmp/g.bin" | od -An -v -tx1 | grep -q '[1-9a-f]'; then
            ok=0
        fi
    fi
    if [ $ok = 0 ]; then
        echo "FAIL: $name: $sec differs (tlbvisor $osz bytes, GNU $gsz bytes)"
        if [ "$sec" = .text ]; then
            disasm "$ours" .text > "$tmp/o.dis"
            disasm "$gnu" .text > "$tmp/g.dis"
            diff -u "$tmp/g.dis" "$tmp/o.dis" | sed 's/^/    /' | head -n 60
            echo "    (--- GNU as, +++ tlbvisor)"
        else
            od -An -tx1 -v "$tmp/g.bin" > "$tmp/g.hex"
            od -An -tx1 -v "$tmp/o.bin" > "$tmp/o.hex"
            diff -u "$tmp/g.hex" "$tmp/o.hex" | sed 's/^/    /' | head -n 40
            echo "    (--- GNU as, +++ tlbvisor)"
        fi
        return 1
    fi
    return 0
}

for src in "$here"/corpus/*.s; do
    name=$(basename "$src" .s)
    nfiles=$((nfiles + 1))
    ours="$tmp/$name.tlb.elf"
    gnu="$tmp/$name.gnu.elf"
    if ! "$TLB" as "$src" -o "$ours" 2> "$tmp/$name.tlb.err"; then
        echo "FAIL: $name: tlbvisor as failed:"
        sed 's/^/    /' "$tmp/$name.tlb.err"
        fail=1
        continue
    fi
    if ! $AS -march=mips32 -O0 $GASFLAGS "$src" -o "$tmp/$name.o" 2> "$tmp/$name.gas.err"; then
        echo "FAIL: $name: GNU as failed (the corpus must be valid GNU as input):"
        sed 's/^/    /' "$tmp/$name.gas.err"
        fail=1
        continue
    fi
    $OBJCOPY -R .MIPS.abiflags -R .reginfo -R .gnu.attributes -R .pdr "$tmp/$name.o" "$tmp/$name.2.o"
    if ! $LD -T "$here/link.ld" "$tmp/$name.2.o" -o "$gnu" 2> "$tmp/$name.ld.err"; then
        echo "FAIL: $name: GNU ld failed:"
        sed 's/^/    /' "$tmp/$name.ld.err"
        fail=1
        continue
    fi
    compare "$name" .text "$ours" "$gnu" || fail=1
    compare "$name" .data "$ours" "$gnu" || fail=1

    # our ELF must satisfy GNU's tools
    if ! $READELF -a -W "$ours" > "$tmp/re.out" 2> "$tmp/re.err" || [ -s "$tmp/re.err" ]; then
        echo "FAIL: $name: mipsel-linux-gnu-readelf complains about tlbvisor's ELF:"
        sed 's/^/    /' "$tmp/re.err"
        fail=1
    fi
    if ! grep -q 'Flags:.*0x50001000' "$tmp/re.out"; then
        echo "FAIL: $name: e_flags is not 0x50001000 (mips32, o32)"
        fail=1
    fi
    if ! $OBJDUMP -d "$ours" > /dev/null 2> "$tmp/od.err" || [ -s "$tmp/od.err" ]; then
        echo "FAIL: $name: mipsel-linux-gnu-objdump complains about tlbvisor's ELF:"
        sed 's/^/    /' "$tmp/od.err"
        fail=1
    fi
    # and tlbvisor must read GNU ld's executable
    if ! "$TLB" disas "$gnu" > "$tmp/$name.disas" 2> "$tmp/$name.disas.err"; then
        echo "FAIL: $name: tlbvisor disas cannot read the GNU ld executable:"
        sed 's/^/    /' "$tmp/$name.disas.err"
        fail=1
    elif ! grep -q '^  00400000: ' "$tmp/$name.disas"; then
        echo "FAIL: $name: tlbvisor disas lists no code at 0x00400000 for the GNU ld executable"
        fail=1
    fi
    # tlbvisor must list its own executable as it lists GNU's (GNU pads .text
    # to 16 bytes: compare the common part, without the <symbol> suffixes)
    "$TLB" disas "$ours" 2>&1 | grep '^  [0-9a-f]*: ' | sed 's/ *<.*//' > "$tmp/d2"
    grep '^  [0-9a-f]*: ' "$tmp/$name.disas" | sed 's/ *<.*//' | head -n "$(wc -l < "$tmp/d2")" > "$tmp/d1"
    if ! cmp -s "$tmp/d1" "$tmp/d2"; then
        echo "FAIL: $name: tlbvisor disas lists tlbvisor's and GNU's executables differently:"
        diff -u "$tmp/d1" "$tmp/d2" | head -n 20 | sed 's/^/    /'
        fail=1
    fi
done

# ---- a kernel built by GNU as + ld runs under tlbvisor run --kernel -------------
if ! $AS -march=mips32 -O0 $GASFLAGS "$here/kernel_gnu.s" -o "$tmp/kernel_gnu.o" 2> "$tmp/kg.err" ||
   ! $LD -T "$here/kernel.ld" "$tmp/kernel_gnu.o" -o "$tmp/kernel_gnu.elf" 2>> "$tmp/kg.err"; then
    echo "FAIL: GNU as/ld could not build kernel_gnu.s:"
    sed 's/^/    /' "$tmp/kg.err"
    fail=1
else
    "$TLB" run --bare --kernel "$tmp/kernel_gnu.elf" --stats > "$tmp/kg.out" 2> "$tmp/kg.stats" < /dev/null
    kg_status=$?
    if [ "$kg_status" != 0 ] || [ "$(cat "$tmp/kg.out")" != G ] ||
       ! grep -q '^exceptions *TLBS 1 ' "$tmp/kg.stats"; then
        echo "FAIL: tlbvisor run --bare --kernel on GNU ld's kernel: status $kg_status, output:"
        cat "$tmp/kg.out" "$tmp/kg.stats" | sed 's/^/    /'
        fail=1
    fi
    "$TLB" run --kernel "$tmp/kernel_gnu.elf" > "$tmp/kg.out" 2>&1 < /dev/null
    kg_status=$?
    if [ "$kg_status" != 0 ] || [ "$(cat "$tmp/kg.out")" != G ]; then
        echo "FAIL: tlbvisor run --kernel on GNU ld's kernel, in a VM: status $kg_status, output:"
        sed 's/^/    /' "$tmp/kg.out"
        fail=1
    fi
fi

# ---- coverage of the instruction table and of the pseudo-instructions ---------
# mnemonics used in the corpus: the first word after optional labels
cat "$here"/corpus/*.s | sed -e 's/#.*//' -e 's/^[[:space:]]*\([A-Za-z_.$0-9]*:[[:space:]]*\)*//' \
    | awk '{print $1}' | tr 'A-Z' 'a-z' | sort -u > "$tmp/used"
sed -n -e 's/^INSN([A-Z0-9_]*, *"\([a-z0-9.]*\)".*/\1/p' -e 's/^ALIAS("\([a-z0-9.]*\)".*/\1/p' \
    "$root/cpu/isa.def" | sort -u > "$tmp/table"
pseudos="li la move nop b bal beqz bnez blt bltu bgt bgtu ble bleu bge bgeu neg negu not
abs mul mulo mulou div divu rem remu seq sne sgt sgtu sge sgeu sle sleu add addu sub subu
and or xor nor slt sltu rol ror ulw usw ulh ulhu ush lw sw j jal bltl bltul bgtl bgtul blel
bleul bgel bgeul beql bnel"
printf '%s\n' $pseudos | sort -u > "$tmp/pseudo"
missing=$(cat "$tmp/table" "$tmp/pseudo" | sort -u | comm -23 - "$tmp/used")
if [ -n "$missing" ]; then
    echo "FAIL: the corpus never uses:" $missing
    fail=1
fi
ntable=$(wc -l < "$tmp/table")

if [ $fail = 0 ]; then
    echo "tests/gas: PASS ($nfiles files byte-identical to GNU as; all $ntable mnemonics of isa.def covered)"
fi
exit $fail
