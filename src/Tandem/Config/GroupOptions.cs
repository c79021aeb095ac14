namespace Tandem.Config;

/// <summary><c>[[groups]]</c>: an ordered resource group (a haresources line).</summary>
public sealed record GroupOptions
{
    public required string Name { get; init; }

    /// <summary>The node the group runs on when both are up, or null for "wherever it is".</summary>
    public string? Preferred { get; init; }

    /// <summary>Resource strings in start order (stopped in reverse), kept verbatim (haresources syntax).</summary>
    public IReadOnlyList<string> Resources { get; init; } = [];
}
