namespace Tandem.Config.Import;

/// <summary>
/// Resource options of drbd.conf that Tandem carries over, already in Tandem's spelling (protocol "C",
/// after-sb "discard-zero-changes", on_io_error "pass_on"). A resource starts from the <c>common</c> section's.
/// </summary>
public sealed record DrbdOptions
{
    public Sourced<string>? Protocol { get; init; }
    public Sourced<long>? ResyncRate { get; init; }
    public Sourced<long>? Size { get; init; }
    public Sourced<string>? OnIoError { get; init; }
    public Sourced<string>? AfterSb0Pri { get; init; }
    public Sourced<string>? AfterSb1Pri { get; init; }
    public Sourced<string>? AfterSb2Pri { get; init; }
    public Sourced<string>? Fencing { get; init; }
    public DrbdToken? SharedSecret { get; init; }
    public SourceLine SharedSecretAt { get; init; }
}

/// <summary>The per-node part of a resource (<c>on HOST { ... }</c>), with resource-level device/disk/meta-disk filled in.</summary>
public sealed record DrbdHost
{
    public required string Name { get; init; }
    public required SourceLine At { get; init; }
    public Sourced<string>? Device { get; init; }
    public Sourced<string>? Disk { get; init; }
    public Sourced<string>? MetaDisk { get; init; }

    /// <summary>"ip:port" or "[ipv6]:port".</summary>
    public Sourced<string>? Address { get; init; }

    /// <summary>The address without the port (brackets removed).</summary>
    public string? AddressHost { get; init; }

    /// <summary>From <c>floating ADDRESS</c>: the node is known by its address, not its name, until matched.</summary>
    public bool Floating { get; init; }
}

/// <summary>One <c>resource NAME { ... }</c>.</summary>
public sealed record DrbdResource
{
    public required string Name { get; init; }
    public required SourceLine At { get; init; }
    public required DrbdOptions Options { get; init; }
    public required IReadOnlyList<DrbdHost> Hosts { get; init; }
}

/// <summary>Everything read from the drbd.conf files of one import.</summary>
public sealed class DrbdConfig
{
    public List<DrbdResource> Resources { get; } = [];

    /// <summary>Resource sections read but not yet resolved: drbdadm applies common to every resource whatever the file order.</summary>
    public List<DrbdStatement> Pending { get; } = [];

    /// <summary>The common section's options (resources start from these).</summary>
    public DrbdOptions Common { get; set; } = new();
}
