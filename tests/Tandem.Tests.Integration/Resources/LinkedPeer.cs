using Tandem.Resources.Groups;

namespace Tandem.Tests.Integration.Resources;

/// <summary>The other node's group manager, reached in-process: what membership will carry over the network.</summary>
sealed class LinkedPeer : IGroupPeer
{
    volatile PeerState _state = PeerState.Unknown;

    public GroupManager? Other { get; set; }

    public PeerState State => _state;

    public event Action? Changed;

    public void Set(PeerState state)
    {
        _state = state;
        Changed?.Invoke();
    }

    /// <summary>The other node reported new group states.</summary>
    public void Raise() => Changed?.Invoke();

    public GroupState? GroupOnPeer(string group) =>
        _state == PeerState.Alive && Other is { } o && o.LocalStates().TryGetValue(group, out var s) ? s : null;

    public Task OfferAsync(string group, CancellationToken ct)
    {
        if (_state == PeerState.Alive)
            Other?.PeerOffered(group);
        return Task.CompletedTask;
    }

    public Task RequestReleaseAsync(string group, CancellationToken ct)
    {
        if (_state == PeerState.Alive)
            Other?.PeerAskedRelease(group);
        return Task.CompletedTask;
    }
}
