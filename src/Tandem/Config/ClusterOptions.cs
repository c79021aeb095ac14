namespace Tandem.Config;

/// <summary><c>[cluster]</c>: heartbeat timing and failover behaviour, as in Heartbeat's ha.cf.</summary>
public sealed record ClusterOptions
{
    public required string Name { get; init; }

    public string AuthKeyFile { get; init; } = Defaults.AuthKeyFile;

    public TimeSpan Keepalive { get; init; } = Defaults.Keepalive;

    public TimeSpan Warntime { get; init; } = Defaults.Warntime;

    public TimeSpan Deadtime { get; init; } = Defaults.Deadtime;

    public TimeSpan Initdead { get; init; } = Defaults.Initdead;

    public bool AutoFailback { get; init; } = Defaults.AutoFailback;

    public HeartbeatMode HeartbeatMode { get; init; } = Defaults.HeartbeatMode;

    /// <summary>IPv4 or IPv6 multicast address; used only with <see cref="Config.HeartbeatMode.Multicast"/>.</summary>
    public string MulticastGroup { get; init; } = Defaults.MulticastGroup;
}
