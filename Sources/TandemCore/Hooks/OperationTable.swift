/// The operations `tandem hooks` proposes, gathered over every copy, grouped and ranked — the hook table a
/// fork would need to share its copies (as Linux built `paravirt_ops`).
///
/// - **Gathered.** One operation per original-side name (`OperationMiner`): its kind, its definition in the
///   originals when one of them defines it (the signature a hook takes), and its *sites*: every place in
///   every copy where the fork substitutes it (copies kept for other reasons included: the operation still
///   removes those differences). A macro a header redefines and the calls a `.c` copy
///   replaces are one operation (`safe_halt` in `system.h` and in `default_idle`).
/// - **Ranked.** By porting pain first when a history was given (the failed or merged port verdicts inside
///   the units where it is substituted), then by the copies it would free (hook-points copies that need
///   it), the copies' lines it would free (each copy's lines shared among the operations it needs), its
///   sites, and its name.
/// - **Grouped.** By how operations change together, not by a list: two operations join when the fork
///   substitutes both in one copy and their names share a word (`local_irq_disable`, `local_irq_enable`;
///   words of three letters or more, not the verbs every primitive has), or when it substitutes both in the
///   same unit (a unit with at most four operations). A group is named by `vocabulary` when it names most of its members
///   (`HookCatalog`: cpu, irq, mmu, …), else by the word most of its members share, else by its first
///   member; groups that get the same name are one group. The vocabulary only names: operations with
///   invented names (`frob_cr7`, `zap_irqs`) are found and grouped the same way.
public struct OperationTable: Sendable, Equatable {
    /// An operation's definition in an original.
    public struct Definition: Sendable, Equatable {
        /// `void default_idle(void)`, `#define write_cr3(x)`.
        public var signature: String
        public var lines: Int
        /// A macro or a short inline: a primitive in its own right.
        public var primitive: Bool
    }

    /// One place where a copy substitutes the operation.
    public struct Site: Sendable, Equatable {
        public var copy: [UInt8]
        public var line: Int
        /// The unit of the copy it is in.
        public var unit: String
        public var replacement: String
    }

    public struct Operation: Sendable, Equatable {
        public var name: String
        public var kind: OperationMiner.Kind
        public var definition: Definition?
        public var group: String
        public var sites: [Site]
        /// Copies with a site, in order of first site.
        public var copies: [[UInt8]]
        /// Hook-points copies that need it, and their lines shared among the operations each needs.
        public var copiesFreed: Int
        public var linesFreed: Double
        public var pain: Int

        /// True when the proposal is a primitive: a macro, a short inline, an instruction, or a call whose
        /// definition (when the originals hold it) is short. A long function proposed as an operation is
        /// what the hooks of old were made of, and what this table tries not to propose.
        public var isPrimitive: Bool {
            switch kind {
            case .primitive, .asm, .value, .store: return true
            case .call, .added:
                return definition.map { $0.primitive || $0.lines <= OperationMiner.primitiveLines } ?? true
            }
        }
    }

    public struct Group: Sendable, Equatable {
        public var name: String
        /// Member names, in rank order.
        public var operations: [String]
        public var copies: Int
    }

    /// Operations, ranked.
    public var operations: [Operation]
    /// Groups, by the rank of their best operation.
    public var groups: [Group]
    /// Copies by verdict.
    public var counts: [HookAnalysis.Verdict: Int]
    /// Lines of all share-now, cosmetic-sync and hook-points copies: what sharing them would remove.
    public var removableLines: Int

    /// Words too common in primitive names to say two belong together.
    static let commonWords: Set<String> = [
        "set", "get", "read", "write", "load", "store", "native", "xen", "init", "the", "and",
        "for", "all", "one", "old", "new", "put", "clear", "update", "make", "alloc", "free",
    ]

    public init(
        _ results: [HookAnalysis.CopyResult], vocabulary: (String) -> String? = { HookCatalog.group(of: $0)?.rawValue }
    ) {
        var byName: [String: Operation] = [:]
        var order: [String] = []
        var definitions: [String: Definition] = [:]
        var counts: [HookAnalysis.Verdict: Int] = [:]
        var removable = 0
        var together: [[String]] = []
        for result in results {
            counts[result.verdict, default: 0] += 1
            if result.verdict != .keepCopy { removable += result.copyLines }
            for (name, definition) in result.definitions where definitions[name] == nil {
                definitions[name] = definition
            }
            // Sites in every copy; only hook-points copies are freed (a kept copy still loses those differences).
            let freed = result.verdict == .hookPoints
            let needed = result.operations
            for difference in result.differences where !difference.substitutions.isEmpty {
                if difference.operations.count <= 4 && freed { together.append(difference.operations) }
                for substitution in difference.substitutions {
                    if byName[substitution.operation] == nil {
                        order.append(substitution.operation)
                        byName[substitution.operation] = Operation(
                            name: substitution.operation, kind: substitution.kind, definition: nil,
                            group: "", sites: [], copies: [], copiesFreed: 0, linesFreed: 0, pain: 0)
                    }
                    guard var operation = byName[substitution.operation] else { continue }
                    operation.kind = min(operation.kind, substitution.kind)
                    operation.sites.append(
                        Site(
                            copy: result.forkPath, line: substitution.copyLine, unit: difference.name,
                            replacement: substitution.replacement))
                    if !operation.copies.contains(result.forkPath) {
                        operation.copies.append(result.forkPath)
                        if freed {
                            operation.copiesFreed += 1
                            operation.linesFreed += Double(result.copyLines) / Double(max(needed.count, 1))
                        }
                    }
                    operation.pain += difference.pain
                    byName[substitution.operation] = operation
                }
            }
        }
        var operations = order.compactMap { name -> Operation? in
            guard var operation = byName[name] else { return nil }
            operation.definition = definitions[name]
            return operation
        }
        let withPain = operations.contains { $0.pain > 0 }
        operations.sort {
            if withPain && $0.pain != $1.pain { return $0.pain > $1.pain }
            if $0.copiesFreed != $1.copiesFreed { return $0.copiesFreed > $1.copiesFreed }
            if $0.linesFreed != $1.linesFreed { return $0.linesFreed > $1.linesFreed }
            if $0.sites.count != $1.sites.count { return $0.sites.count > $1.sites.count }
            return $0.name < $1.name
        }
        let names = Self.groupNames(operations.map { ($0.name, $0.copies) }, together: together, vocabulary: vocabulary)
        var groups: [Group] = []
        for index in operations.indices {
            let name = names[operations[index].name] ?? operations[index].name
            operations[index].group = name
            if let found = groups.firstIndex(where: { $0.name == name }) {
                groups[found].operations.append(operations[index].name)
            } else {
                groups.append(Group(name: name, operations: [operations[index].name], copies: 0))
            }
        }
        for index in groups.indices {
            let members = Set(groups[index].operations)
            groups[index].copies = Set(operations.filter { members.contains($0.name) }.flatMap(\.copies)).count
        }
        self.operations = operations
        self.groups = groups
        self.counts = counts
        removableLines = removable
    }

    /// The words of an operation's name that can tie it to others.
    static func words(_ name: String) -> [String] {
        name.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init).filter {
            $0.count >= 3 && !commonWords.contains($0)
        }
    }

    /// The group name of each operation (see the type's prose): `operations` are names with the copies
    /// where each is substituted.
    static func groupNames(
        _ operations: [(name: String, copies: [[UInt8]])], together: [[String]],
        vocabulary: (String) -> String?
    ) -> [String: String] {
        let names = operations.map(\.name)
        var parent = Dictionary(uniqueKeysWithValues: names.map { ($0, $0) })
        func root(_ name: String) -> String {
            var name = name
            while let up = parent[name], up != name { name = up }
            return name
        }
        func join(_ a: String, _ b: String) {
            guard parent[a] != nil, parent[b] != nil else { return }
            let (x, y) = (root(a), root(b))
            if x != y { parent[y] = x }
        }
        // A shared word joins two operations substituted in the same copy: across copies a word is too
        // weak (`BTF_ID_LIST` in one header is not one of `list.h`'s operations).
        var byWord: [[UInt8]: [String: String]] = [:]
        for (name, copies) in operations {
            for copy in copies {
                for word in words(name) {
                    if let other = byWord[copy]?[word] {
                        join(other, name)
                    } else {
                        byWord[copy, default: [:]][word] = name
                    }
                }
            }
        }
        for unit in together { for name in unit.dropFirst() { join(unit[0], name) } }
        var members: [String: [String]] = [:]
        for name in names { members[root(name), default: []].append(name) }
        var out: [String: String] = [:]
        for (_, group) in members {
            var votes: [String: Int] = [:]
            for name in group { if let label = vocabulary(name) { votes[label, default: 0] += 1 } }
            var label: String
            if let (best, count) = votes.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }), 2 * count >= group.count
            {
                label = best
            } else {
                var shared: [String: Int] = [:]
                for name in group { for word in Set(words(name)) { shared[word, default: 0] += 1 } }
                let top = shared.max { ($0.value, $1.key) < ($1.value, $0.key) }
                label = top.flatMap { $0.value >= 2 ? $0.key : nil } ?? group[0]
            }
            for name in group { out[name] = label }
        }
        return out
    }
}
