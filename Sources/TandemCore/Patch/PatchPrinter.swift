/// Prints a patch back to bytes. For a parsed patch the output is the input, byte for byte: every part of
/// the model keeps its raw bytes, and printing only concatenates them in order.
extension Patch {
    /// The patch as bytes.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(byteCount)
        append(to: &out)
        return out
    }

    /// Appends the patch's bytes to `out`.
    public func append(to out: inout [UInt8]) {
        for file in files { file.append(to: &out) }
        out.append(contentsOf: trailer.bytes)
    }

    /// Size of `bytes`, without building it.
    public var byteCount: Int {
        files.reduce(trailer.bytes.count) { $0 + $1.byteCount }
    }
}

extension FilePatch {
    /// Appends this file patch's bytes (prelude, header, binary data, hunks) to `out`.
    public func append(to out: inout [UInt8]) {
        out.append(contentsOf: prelude.bytes)
        for line in header { out.append(contentsOf: line.raw) }
        out.append(contentsOf: binaryData.bytes)
        for hunk in hunks {
            out.append(contentsOf: hunk.header.raw)
            out.append(contentsOf: hunk.body.bytes)
        }
    }

    /// Size of what `append(to:)` writes.
    public var byteCount: Int {
        prelude.bytes.count + binaryData.bytes.count
            + header.reduce(0) { $0 + $1.raw.count }
            + hunks.reduce(0) { $0 + $1.header.raw.count + $1.body.bytes.count }
    }
}
