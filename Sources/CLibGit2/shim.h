#ifndef TANDEM_CLIBGIT2_SHIM_H
#define TANDEM_CLIBGIT2_SHIM_H
/* The one C header tandem sees: libgit2 plus non-variadic wrappers for the
 * calls Swift cannot make (git_libgit2_opts is C-variadic). */
#include <git2.h>

static inline int tandem_git_set_strict_hash_verification(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}

static inline int tandem_git_set_search_path_none(int level) {
    return git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, level, "");
}
#endif
