/// The operations a fork of an architecture changes when it runs on a hypervisor — privileged instructions
/// and their wrappers, page-table setters, interrupt flag handling, port I/O, descriptor tables, time
/// sources, boot-time setup — grouped as Linux's paravirt ops later grouped them (cpu, irq, mmu, time, io,
/// descriptor tables, boot). `tandem hooks` names the operations a differing unit performs and proposes its
/// hook in that group.
public enum HookCatalog {
    public enum Group: String, Sendable, CaseIterable, Comparable {
        case cpu, irq, mmu, time, io
        case descriptorTables = "descriptor-tables"
        case boot, other

        // allCases holds every case.
        // swift-format-ignore: NeverForceUnwrap
        public static func < (a: Group, b: Group) -> Bool { allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)! }
    }

    static let exact: [String: Group] = {
        var table: [String: Group] = [:]
        func add(_ group: Group, _ names: [String]) { for name in names { table[name] = group } }
        // As Linux's paravirt ops do, CR2 and CR3 (fault address, page-table base) belong to the MMU group.
        add(
            .cpu,
            [
                "read_cr0", "write_cr0", "read_cr4", "write_cr4",
                "clts", "stts", "wbinvd", "cpuid", "halt", "safe_halt", "hlt", "native_halt", "cpu_relax", "load_esp0",
                "load_sp0",
                "set_iopl_mask", "rdmsr", "wrmsr", "rdmsrl", "wrmsrl", "rdmsr_safe", "wrmsr_safe", "read_msr",
                "write_msr",
                "load_TLS", "set_debugreg", "get_debugreg", "loaddebug", "swapgs", "iret", "sysexit", "default_idle",
                "cpu_idle",
                "xen_idle", "smp_processor_id", "switch_to", "__switch_to", "set_fs", "load_gs_index", "fpu_taskswitch",
            ])
        add(
            .irq,
            [
                "local_irq_disable", "local_irq_enable", "local_irq_save", "local_irq_restore", "irqs_disabled", "cli",
                "sti",
                "__cli", "__sti", "__save_flags", "__restore_flags", "save_flags", "restore_flags",
                "raw_local_irq_save",
                "raw_local_irq_restore", "arch_local_irq_disable", "arch_local_irq_enable", "mask_evtchn",
                "unmask_evtchn",
                "evtchn_upcall_mask", "force_evtchn_callback", "do_IRQ", "irq_enter", "irq_exit", "ack_APIC_irq",
                "apic_write",
            ])
        add(
            .mmu,
            [
                "read_cr2", "write_cr2", "read_cr3", "write_cr3", "load_cr3", "set_pte", "set_pmd", "set_pud",
                "set_pgd", "set_pte_at", "pte_clear", "pmd_clear", "pgd_clear", "set_pte_atomic",
                "ptep_get_and_clear", "ptep_set_wrprotect", "pte_update", "flush_tlb", "__flush_tlb", "__flush_tlb_all",
                "__flush_tlb_one", "flush_tlb_all", "flush_tlb_mm", "flush_tlb_page", "flush_tlb_range", "pgd_alloc",
                "pgd_free",
                "pte_alloc_one", "pmd_alloc_one", "paging_init", "pagetable_init", "kernel_physical_mapping_init",
                "set_fixmap",
                "__set_fixmap", "xen_l1_entry_update", "xen_l2_entry_update", "xen_pt_switch", "xen_pgd_pin",
                "xen_pgd_unpin",
                "xen_tlb_flush", "xen_invlpg", "make_page_readonly", "make_page_writable", "phys_to_machine",
                "machine_to_phys",
                "pfn_to_mfn", "mfn_to_pfn", "virt_to_machine", "sync_vmalloc_pmd", "vmalloc_sync_all", "do_page_fault",
                "map_low_memory", "mem_init", "ioremap_page",
            ])
        add(
            .time,
            [
                "rdtsc", "rdtscl", "rdtscll", "rdtscp", "native_read_tsc", "get_cycles", "tsc_khz", "cpu_khz",
                "calibrate_tsc",
                "tsc_calibrate_khz", "time_init", "do_timer", "timer_interrupt", "tick_interrupt", "get_cmos_time",
                "set_rtc_mmss",
                "mach_set_rtc_mmss", "read_persistent_clock", "xen_timer_start", "pit_start_periodic", "hpet_enable",
                "setup_pit_timer", "sched_clock", "udelay", "ndelay", "mdelay",
            ])
        add(
            .io,
            [
                "outb", "outw", "outl", "inb", "inw", "inl", "outb_p", "inb_p", "outw_p", "inw_p", "outsb", "insb",
                "outsw", "insw",
                "outsl", "insl", "ioremap", "iounmap", "ioremap_nocache", "readb", "writeb", "readl", "writel",
                "request_region",
                "release_region", "copy_io_bitmap", "xen_set_iopl", "set_iopl", "ioperm", "sys_iopl",
            ])
        add(
            .descriptorTables,
            [
                "load_gdt", "load_idt", "store_gdt", "store_idt", "lgdt", "lidt", "sgdt", "sidt", "set_ldt", "load_LDT",
                "load_ldt", "clear_LDT", "write_gdt_entry", "write_idt_entry", "write_ldt_entry", "set_trap_gate",
                "set_intr_gate", "set_system_gate", "set_task_gate", "set_tss_desc", "set_ldt_desc", "load_TR_desc",
                "cpu_gdt_table", "idt_table", "trap_init", "set_trap_table",
            ])
        add(
            .boot,
            [
                "setup_arch", "start_kernel", "setup_memory", "setup_memory_region", "print_memory_map", "e820",
                "add_memory_region",
                "machine_specific_memory_setup", "memory_setup", "parse_mem_option", "parse_cmdline_early",
                "boot_params",
                "start_info", "xen_start_info", "setup_bootmem_allocator", "reserve_bootmem", "init_memory_mapping",
                "early_printk",
                "noexec_setup", "smp_prepare_boot_cpu", "machine_restart", "machine_halt", "machine_power_off",
            ])
        return table
    }()

    /// Hypercalls, by what they do.
    static let hypercalls: [(fragment: String, group: Group)] = [
        ("mmu", .mmu), ("update_va_mapping", .mmu), ("mmuext", .mmu), ("memory_op", .mmu),
        ("set_trap_table", .descriptorTables),
        ("update_descriptor", .descriptorTables), ("set_gdt", .descriptorTables), ("timer", .time),
        ("event_channel", .irq),
        ("physdev", .io), ("set_callbacks", .boot), ("vm_assist", .boot), ("fpu_taskswitch", .cpu), ("sched_op", .cpu),
        ("stack_switch", .cpu), ("set_debugreg", .cpu), ("console_io", .io),
    ]

    /// The group of an operation name, or nil when it is not one the catalog knows.
    public static func group(of name: String) -> Group? {
        if let group = exact[name] { return group }
        if name.hasPrefix("HYPERVISOR_") {
            return hypercalls.first { name.contains($0.fragment) }?.group ?? .cpu
        }
        if name.hasPrefix("native_") { return group(of: String(name.dropFirst(7))) }
        if name.hasPrefix("xen_") { return keywordGroup(name) }
        return nil
    }

    /// A group guessed from words in a unit's name (`xen_idle` → cpu, `timer_…` → time), or `other`.
    public static func keywordGroup(_ name: String) -> Group {
        let lower = name.lowercased()
        let rules: [([String], Group)] = [
            (["gdt", "idt", "ldt", "tss", "trap", "desc"], .descriptorTables),
            (
                ["pte", "pmd", "pgd", "pud", "tlb", "page", "paging", "mmu", "pfn", "mfn", "vmalloc", "fault", "mem"],
                .mmu
            ),
            (["irq", "evtchn", "intr", "apic", "flags"], .irq),
            (["time", "timer", "tsc", "clock", "rtc", "pit", "hpet", "delay"], .time),
            (["io", "port", "outb", "inb", "bitmap"], .io),
            (["setup", "boot", "e820", "early", "init", "memory_map", "cmdline"], .boot),
            (["idle", "cpu", "switch", "cr0", "cr3", "cr4", "msr", "fpu", "halt"], .cpu),
        ]
        return rules.first { $0.0.contains { lower.contains($0) } }?.1 ?? .other
    }
}
