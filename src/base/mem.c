/* The allocator module: the only place in src/ that calls the C allocator. */
#include "base/mem.h"

#include <stdlib.h>
#include <string.h>

static void *default_malloc(size_t size, void *user_data)
{
    (void)user_data;
    return malloc(size);
}

static void *default_realloc(void *ptr, size_t size, void *user_data)
{
    (void)user_data;
    return realloc(ptr, size);
}

static void default_free(void *ptr, void *user_data)
{
    (void)user_data;
    free(ptr);
}

static const moqt_mem mem_default = {NULL, default_malloc, default_realloc, default_free};

const moqt_mem *moqt_mem_default(void)
{
    return &mem_default;
}

const moqt_mem *moqt_mem_or_default(const moqt_mem *mem)
{
    return mem ? mem : &mem_default;
}

void *moqt_mem_malloc(const moqt_mem *mem, size_t size)
{
    mem = moqt_mem_or_default(mem);
    return mem->malloc(size, mem->user_data);
}

void *moqt_mem_calloc(const moqt_mem *mem, size_t nmemb, size_t size)
{
    if (size != 0 && nmemb > SIZE_MAX / size) {
        return NULL;
    }
    void *p = moqt_mem_malloc(mem, nmemb * size);
    if (p) {
        memset(p, 0, nmemb * size);
    }
    return p;
}

void *moqt_mem_realloc(const moqt_mem *mem, void *ptr, size_t size)
{
    mem = moqt_mem_or_default(mem);
    return mem->realloc(ptr, size, mem->user_data);
}

void moqt_mem_free(const moqt_mem *mem, void *ptr)
{
    if (ptr == NULL) {
        return;
    }
    mem = moqt_mem_or_default(mem);
    mem->free(ptr, mem->user_data);
}
