import FuzzSupport
import TandemCore

/// The 3-way merge: merging a file with itself over any base gives the file; a side equal to the base
/// gives the other side; an empty side never traps.
runFuzzer { data, size in
    let (base, other) = split(bytes(data, size))
    let b = TextFile(bytes: base).lines, x = TextFile(bytes: other).lines
    func rendered(_ merge: Merge3) -> [UInt8] { merge.render() }
    let same = Merge3(base: b, ours: x, theirs: x)
    if same.conflictCount != 0 || rendered(same) != other { failure("merge(base, x, x) != x") }
    let ours = Merge3(base: b, ours: x, theirs: b)
    if ours.conflictCount != 0 || rendered(ours) != other { failure("merge(base, x, base) != x") }
    let theirs = Merge3(base: b, ours: b, theirs: x)
    if theirs.conflictCount != 0 || rendered(theirs) != other { failure("merge(base, base, x) != x") }
    _ = rendered(Merge3(base: b, ours: [], theirs: x))
    _ = rendered(Merge3(base: [], ours: x, theirs: b))
    return 0
}
