namespace Tandem.Config;

/// <summary><c>[[groups]]</c>: an ordered resource group (a haresources line) and how it is watched.</summary>
public sealed record GroupOptions
{
    public required string Name { get; init; }

    /// <summary>The node the group runs on when both are up, or null for "wherever it is".</summary>
    public string? Preferred { get; init; }

    /// <summary>Resource strings in start order (stopped in reverse), kept verbatim (haresources syntax).</summary>
    public IReadOnlyList<string> Resources { get; init; } = [];

    /// <summary><c>monitor_interval</c>, see <see cref="Defaults.MonitorInterval"/>.</summary>
    public TimeSpan MonitorInterval { get; init; } = Defaults.MonitorInterval;

    /// <summary><c>monitor_timeout</c>, see <see cref="Defaults.MonitorTimeout"/>.</summary>
    public TimeSpan MonitorTimeout { get; init; } = Defaults.MonitorTimeout;

    /// <summary><c>start_timeout</c>, see <see cref="Defaults.StartTimeout"/>.</summary>
    public TimeSpan StartTimeout { get; init; } = Defaults.StartTimeout;

    /// <summary><c>stop_timeout</c>, see <see cref="Defaults.StopTimeout"/>.</summary>
    public TimeSpan StopTimeout { get; init; } = Defaults.StopTimeout;

    /// <summary><c>max_restarts</c>, see <see cref="Defaults.MaxRestarts"/>; 0 moves the group on the first failure.</summary>
    public int MaxRestarts { get; init; } = Defaults.MaxRestarts;

    /// <summary><c>restart_window</c>, see <see cref="Defaults.RestartWindow"/>.</summary>
    public TimeSpan RestartWindow { get; init; } = Defaults.RestartWindow;

    /// <summary><c>stop_retries</c>, see <see cref="Defaults.StopRetries"/>.</summary>
    public int StopRetries { get; init; } = Defaults.StopRetries;

    /// <summary><c>[[groups.monitor]]</c>: resources with a monitor interval or timeout of their own, at most one entry each.</summary>
    public IReadOnlyList<ResourceMonitorOptions> Monitors { get; init; } = [];

    /// <summary>The <c>[[groups.monitor]]</c> entry of <paramref name="resource"/> (a string of <see cref="Resources"/>), or null.</summary>
    public ResourceMonitorOptions? MonitorOf(string resource) =>
        Monitors.FirstOrDefault(m => m.Resource == resource.Trim());

    /// <summary>The interval between two monitors of <paramref name="resource"/>: its own, else the group's.</summary>
    public TimeSpan MonitorIntervalOf(string resource) => MonitorOf(resource)?.Interval ?? MonitorInterval;

    /// <summary>How long a monitor of <paramref name="resource"/> may take: its own, else the group's.</summary>
    public TimeSpan MonitorTimeoutOf(string resource) => MonitorOf(resource)?.Timeout ?? MonitorTimeout;
}
