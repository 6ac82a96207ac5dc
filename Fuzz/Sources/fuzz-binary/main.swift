import FuzzSupport
import TandemCore

/// `GIT binary patch` data (`GitBinaryPatch`: base85, zlib inflate, git deltas): any bytes, wrapped as the
/// one section of a binary patch, decode without a trap or a hang, inflate to exactly the stated size or
/// fail, and never make a blob the patch does not name. Input: two bytes (the stated size, 0–16383, and
/// the section's kind in the top bit), then the zlib stream.
runFuzzer { data, size in
    let input = bytes(data, size)
    guard input.count >= 2 else { return 0 }
    let stated = Int(input[0]) | Int(input[1] & 0x3F) << 8
    let kind = input[1] & 0x80 == 0 ? "literal" : "delta"
    let stream = Array(input.dropFirst(2))
    let source = Array("static int answer = 42;\n\0binary\0".utf8)
    var text = "diff --git a/f.bin b/f.bin\nindex \(ObjectID.blob(of: source).hex).."
    text += String(repeating: "1", count: 40) + " 100644\nGIT binary patch\n\(kind) \(stated)\n"
    text += String(decoding: GitBinaryPatch.base85Lines(stream), as: UTF8.self) + "\n"
    let parsed = PatchParser.parse(Array(text.utf8))
    guard let file = parsed.patch.files.first, parsed.patch.files.count == 1 else {
        failure("a well-formed binary patch did not parse as one file patch")
    }
    guard let binary = try? GitBinaryPatch(file) else { return 0 }
    if binary.forward.data.count != stated { failure("inflated to \(binary.forward.data.count), not \(stated)") }
    // The new side's id is made up: no content has it, so applying must fail, whatever the delta makes.
    if (try? binary.apply(to: source)) != nil { failure("applied, making a blob the patch does not name") }
    return 0
}
