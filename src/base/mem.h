/*
 * Internal allocation helpers. Every allocation in src/ goes through these so
 * that the caller's moqt_mem is honoured (the check_memory guard rail enforces it).
 */
#ifndef MOQT_BASE_MEM_H
#define MOQT_BASE_MEM_H

#include <moqt/moqt.h>

/* moqt_mem_or_default returns |mem|, or the default allocator if NULL. */
const moqt_mem *moqt_mem_or_default(const moqt_mem *mem);

void *moqt_mem_malloc(const moqt_mem *mem, size_t size);
void *moqt_mem_calloc(const moqt_mem *mem, size_t nmemb, size_t size);
void *moqt_mem_realloc(const moqt_mem *mem, void *ptr, size_t size);
void moqt_mem_free(const moqt_mem *mem, void *ptr);

#endif /* MOQT_BASE_MEM_H */
