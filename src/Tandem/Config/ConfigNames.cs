namespace Tandem.Config;

/// <summary>How each enum value is spelled in the config file (parsing and printing use the same table).</summary>
public static class ConfigNames
{
    /// <summary><c>tcp_congestion</c>'s word for "leave the socket with the host's default congestion control".</summary>
    public const string SystemCongestion = "system";

    public static readonly IReadOnlyList<(string Name, ReplicationProtocol Value)> Protocols =
        [("A", ReplicationProtocol.A), ("B", ReplicationProtocol.B), ("C", ReplicationProtocol.C)];

    public static readonly IReadOnlyList<(string Name, OnIoError Value)> OnIoErrors =
        [("detach", OnIoError.Detach), ("pass_on", OnIoError.PassOn)];

    public static readonly IReadOnlyList<(string Name, AfterSb0Pri Value)> AfterSb0 =
    [
        ("disconnect", AfterSb0Pri.Disconnect),
        ("discard-zero-changes", AfterSb0Pri.DiscardZeroChanges),
        ("discard-younger-primary", AfterSb0Pri.DiscardYoungerPrimary),
        ("discard-older-primary", AfterSb0Pri.DiscardOlderPrimary),
        ("discard-least-changes", AfterSb0Pri.DiscardLeastChanges),
    ];

    public static readonly IReadOnlyList<(string Name, AfterSb1Pri Value)> AfterSb1 =
    [
        ("disconnect", AfterSb1Pri.Disconnect),
        ("consensus", AfterSb1Pri.Consensus),
        ("discard-secondary", AfterSb1Pri.DiscardSecondary),
    ];

    public static readonly IReadOnlyList<(string Name, AfterSb2Pri Value)> AfterSb2 =
        [("disconnect", AfterSb2Pri.Disconnect)];

    public static readonly IReadOnlyList<(string Name, FencingPolicy Value)> Fencings =
        [("resource-only", FencingPolicy.ResourceOnly), ("dont-care", FencingPolicy.DontCare)];

    /// <summary>The config spelling of <paramref name="value"/>.</summary>
    public static string Of<T>(IReadOnlyList<(string Name, T Value)> table, T value) where T : struct, Enum =>
        table.First(e => EqualityComparer<T>.Default.Equals(e.Value, value)).Name;
}
