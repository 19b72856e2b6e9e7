// symbols.c — a small ELF reader: for each loaded object (dl_iterate_phdr),
// map its file, take the function symbols of .symtab (or .dynsym when the file
// is stripped), shift them by the load address, and keep one sorted array.
#include <elf.h>
#include <fcntl.h>
#include <limits.h>
#include <link.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "symbols.h"

// One function: where it starts and ends at run time, and its name (inside a mapped file).
struct symbol {
  uintptr_t start, end;
  const char *name;
};

static struct symbol *table;
static size_t count, capacity;

// Appends one function; grows the array as needed.
static void add(uintptr_t start, uintptr_t size, const char *name) {
  if (count == capacity) {
    size_t cap = capacity ? capacity * 2 : 4096;
    struct symbol *t = realloc(table, cap * sizeof *t);
    if (!t) return;
    table = t, capacity = cap;
  }
  table[count++] = (struct symbol){start, start + (size ? size : 1), name};
}

// True if the section table of an image of LEN bytes at IMG is inside it.
static int sane(const unsigned char *img, size_t len) {
  const Elf64_Ehdr *eh = (const void *)img;
  return len >= sizeof *eh && memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0 && eh->e_ident[EI_CLASS] == ELFCLASS64 &&
         eh->e_shentsize == sizeof(Elf64_Shdr) && eh->e_shoff < len &&
         eh->e_shnum <= (len - eh->e_shoff) / sizeof(Elf64_Shdr);
}

// Adds the functions of one symbol table section (sh) whose names are in its linked string table.
static void add_table(const unsigned char *img, size_t len, const Elf64_Shdr *sh, uintptr_t base) {
  const Elf64_Ehdr *eh = (const void *)img;
  const Elf64_Shdr *all = (const void *)(img + eh->e_shoff);
  if (sh->sh_link >= eh->e_shnum || sh->sh_offset + sh->sh_size > len) return;
  const Elf64_Shdr *strs = &all[sh->sh_link];
  if (strs->sh_offset + strs->sh_size > len || strs->sh_size == 0) return;
  const char *names = (const char *)img + strs->sh_offset;
  const Elf64_Sym *syms = (const void *)(img + sh->sh_offset);
  for (size_t i = 0; i < sh->sh_size / sizeof *syms; i++) {
    const Elf64_Sym *s = &syms[i];
    int type = ELF64_ST_TYPE(s->st_info);
    if ((type != STT_FUNC && type != STT_GNU_IFUNC) || s->st_value == 0 || s->st_name >= strs->sh_size) continue;
    if (names[strs->sh_size - 1] != '\0') return;  // unterminated string table: not trusted
    add(base + s->st_value, s->st_size, names + s->st_name);
  }
}

// Adds the functions of one ELF image: .symtab if present, else .dynsym.
static void add_image(const unsigned char *img, size_t len, uintptr_t base) {
  if (!sane(img, len)) return;
  const Elf64_Ehdr *eh = (const void *)img;
  const Elf64_Shdr *all = (const void *)(img + eh->e_shoff);
  const Elf64_Shdr *pick = NULL;
  for (size_t i = 0; i < eh->e_shnum; i++) {
    if (all[i].sh_type == SHT_SYMTAB) pick = &all[i];
    if (all[i].sh_type == SHT_DYNSYM && !pick) pick = &all[i];
  }
  if (pick) add_table(img, len, pick, base);
}

// Maps a file and adds its functions (the mapping stays: the names point into it).
static void add_file(const char *path, uintptr_t base) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  struct stat st;
  if (fd < 0) return;
  if (fstat(fd, &st) == 0 && st.st_size > 0) {
    void *img = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (img != MAP_FAILED) add_image(img, (size_t)st.st_size, base);
  }
  close(fd);
}

// The bytes mapped for an object's loadable segments, whole pages (for the in-memory vDSO).
static size_t loaded_span(const struct dl_phdr_info *info) {
  size_t span = 0;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type == PT_LOAD && ph->p_vaddr + ph->p_memsz > span) span = ph->p_vaddr + ph->p_memsz;
  }
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  return (span + page - 1) / page * page;  // the section headers sit after the segment, in its last page
}

// dl_iterate_phdr callback: the executable (empty name), the vDSO (in memory) and each library.
static int add_object(struct dl_phdr_info *info, size_t size, void *arg) {
  (void)size, (void)arg;
  const char *name = info->dlpi_name;
  uintptr_t vdso = (uintptr_t)getauxval(AT_SYSINFO_EHDR);
  if (vdso && info->dlpi_addr == vdso) {
    add_image((const unsigned char *)vdso, loaded_span(info), info->dlpi_addr);
  } else if (!name || !*name) {
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) exe[n] = '\0', add_file(exe, info->dlpi_addr);
  } else {
    add_file(name, info->dlpi_addr);
  }
  return 0;
}

// Orders symbols by start address.
static int by_start(const void *a, const void *b) {
  const struct symbol *x = a, *y = b;
  return x->start < y->start ? -1 : x->start > y->start;
}

size_t symbols_load(void) {
  dl_iterate_phdr(add_object, NULL);
  qsort(table, count, sizeof *table, by_start);
  return count;
}

size_t symbols_count(void) { return count; }

const char *symbols_lookup(uintptr_t addr, uintptr_t *offset) {
  size_t lo = 0, hi = count;
  while (lo < hi) {  // first symbol starting after addr
    size_t mid = lo + (hi - lo) / 2;
    if (table[mid].start <= addr) lo = mid + 1;
    else hi = mid;
  }
  if (lo == 0) return NULL;
  const struct symbol *s = &table[lo - 1];
  if (addr >= s->end) return NULL;
  *offset = addr - s->start;
  return s->name;
}
