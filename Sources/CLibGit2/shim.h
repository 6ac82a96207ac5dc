#ifndef TANDEM_CLIBGIT2_SHIM_H
#define TANDEM_CLIBGIT2_SHIM_H
/* The one C header tandem sees: libgit2 plus non-variadic wrappers for the
 * calls Swift cannot make (git_libgit2_opts is C-variadic). */
#include <git2.h>

static inline int tandem_git_set_strict_hash_verification(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}

/* Cache trees up to `bytes` in libgit2's object cache (the default keeps only trees under 4 KiB, so a
 * history walk re-inflates every large tree it revisits). */
static inline int tandem_git_set_tree_cache_limit(size_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, bytes);
}

/* The total size of libgit2's object cache (default 256 MiB): a long walk fills it with trees it will
 * not visit again. */
static inline int tandem_git_set_cache_max_size(long long bytes) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)bytes);
}

static inline int tandem_git_set_search_path_none(int level) {
    return git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, "");
}
#endif
