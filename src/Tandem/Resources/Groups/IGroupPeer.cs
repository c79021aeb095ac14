namespace Tandem.Resources.Groups;

/// <summary>
/// The other node as the group manager needs it: is it alive, which groups does it report, and two requests.
/// Membership implements it; requests coming the other way are fed to <see cref="GroupManager.PeerOffered"/> and
/// <see cref="GroupManager.PeerAskedRelease"/>.
/// </summary>
public interface IGroupPeer
{
    PeerState State { get; }

    /// <summary>The group's state on the peer as last reported, or null when the peer reported nothing about it.</summary>
    GroupState? GroupOnPeer(string group);

    /// <summary>Raised when <see cref="State"/> or a reported group state changes.</summary>
    event Action? Changed;

    /// <summary>This node released <paramref name="group"/>: ask the peer to start it.</summary>
    Task OfferAsync(string group, CancellationToken ct);

    /// <summary>Ask the peer to stop <paramref name="group"/> and offer it back (takeover).</summary>
    Task RequestReleaseAsync(string group, CancellationToken ct);
}

/// <summary>A cluster of one: the peer never exists, so every group runs here.</summary>
public sealed class NoPeer : IGroupPeer
{
    public PeerState State => PeerState.Dead;

    public GroupState? GroupOnPeer(string group) => null;

    public event Action? Changed { add { } remove { } }

    public Task OfferAsync(string group, CancellationToken ct) => Task.CompletedTask;

    public Task RequestReleaseAsync(string group, CancellationToken ct) => Task.CompletedTask;
}
