/// Risk rule **missing header** (`PortRisk`): a hunk adds an `#include` of a header that upstream has and
/// the fork does not. A fork that keeps its own copies of a folder of headers (`tools/include/linux/` for
/// `include/linux/`) compiles against those copies only; upstream's new `#include <linux/typecheck.h>` in
/// `bitfield.h` would break the fork's build when `tools/include/linux/typecheck.h` does not exist. The
/// fork must copy the header first, or leave the line out.
///
/// The header is found as upstream would find it, from the original's path: `"x.h"` beside the original;
/// `<a/b.h>` under each folder of the original's path that ends in `include/` (and its `uapi/`). The header
/// counts as missing when the original tree has it in one of those places at least, and every such place
/// maps to copies in the fork of which none exists. A map with an overlay (the whole tree over a sparse
/// folder, which takes upstream's file wherever the fork has none) never has a missing header.
/// Without the original tree, or for a header the map does not cover, the rule says nothing.
///
/// Cost: the `#include` lines a hunk adds, a look-up or two each in the trees.
enum MissingHeader {
    /// The header named by an `#include` line (`linux/typecheck.h`, and whether it was in quotes), or nil.
    static func header(_ line: some Collection<UInt8>) -> (name: [UInt8], quoted: Bool)? {
        let text = Array(line.drop { $0 == ASCII.space || $0 == ASCII.tab })
        guard text.first == UInt8(ascii: "#") else { return nil }
        let rest = Array(text.dropFirst().drop { $0 == ASCII.space || $0 == ASCII.tab })
        let keyword = Array("include".utf8)
        guard rest.starts(with: keyword) else { return nil }
        let spec = rest.dropFirst(keyword.count).drop { $0 == ASCII.space || $0 == ASCII.tab }
        guard let open = spec.first, open == UInt8(ascii: "<") || open == UInt8(ascii: "\"") else { return nil }
        let close = open == UInt8(ascii: "<") ? UInt8(ascii: ">") : UInt8(ascii: "\"")
        let name = spec.dropFirst().prefix { $0 != close }
        guard !name.isEmpty, name.count < spec.count - 1, !name.contains(where: ASCII.isBlank) else { return nil }
        return (Array(name), open == UInt8(ascii: "\""))
    }

    /// Where upstream may keep `header` for an original at `original`: beside it for a quoted name, else
    /// under each `…include/` folder of its path (and that folder's `uapi/`).
    static func candidates(for header: (name: [UInt8], quoted: Bool), from original: [UInt8]) -> [[UInt8]] {
        let folder = original.lastIndex(of: ASCII.slash).map { Array(original[...$0]) } ?? []
        if header.quoted { return [folder + header.name] }
        var roots: [[UInt8]] = []
        let components = folder.split(separator: ASCII.slash, omittingEmptySubsequences: false)
        var prefix: [UInt8] = []
        for component in components.dropLast() {
            prefix += component + [ASCII.slash]
            if component.elementsEqual("include".utf8) { roots += [prefix, prefix + Array("uapi/".utf8)] }
        }
        return roots.map { $0 + header.name }
    }

    /// The evidence against `hunk` of the original at `original`: the first header it includes that the
    /// fork lacks, or nil.
    static func evidence(
        _ hunk: Hunk, original: [UInt8], map: ForkMap, fork: FileTree, upstream: FileTree
    ) throws -> PortRisk.Reason? {
        // An overlay puts the fork's files over upstream's whole tree: a header the fork lacks is upstream's.
        guard !map.mappings.contains(where: { $0.upstream.isRoot }) else { return nil }
        for line in hunk.body where HunkLineKind(line: line) == .addition {
            guard let header = header(line.dropFirst().withoutTerminator) else { continue }
            // Every place upstream has the header must map to copies, none of them in the fork: one place
            // the fork has (`tools/include/uapi/linux/stddef.h` for `<linux/stddef.h>`), or one the map does
            // not cover, and the header may well be found.
            var missing: [UInt8]?
            var found = false
            for path in candidates(for: header, from: original) where try upstream.contains(path) {
                let copies = map.copies(of: path)
                let forkHasOne = try copies.contains { try fork.contains($0.path) }
                if copies.isEmpty || forkHasOne {
                    found = true
                    break
                }
                missing = missing ?? copies[0].path
            }
            if !found, let missing {
                let spelled = header.quoted ? "\"\(displayText(header.name))\"" : "<\(displayText(header.name))>"
                return .missingHeader(header: spelled, copy: displayText(missing))
            }
        }
        return nil
    }
}
