namespace Tandem.Config;

/// <summary>
/// <c>[[groups.monitor]]</c>: one resource of a group watched on its own interval and/or timeout instead of the
/// group's <c>monitor_interval</c> and <c>monitor_timeout</c> (what is not set here stays the group's).
/// </summary>
public sealed record ResourceMonitorOptions
{
    /// <summary>The resource string exactly as listed in the group's <c>resources</c> (trimmed).</summary>
    public required string Resource { get; init; }

    /// <summary><c>interval</c>: time between two monitors of this resource, or null for the group's.</summary>
    public TimeSpan? Interval { get; init; }

    /// <summary><c>timeout</c>: how long its monitor may take before the resource counts as hung, or null for the group's.</summary>
    public TimeSpan? Timeout { get; init; }
}
