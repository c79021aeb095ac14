using System.Threading.Channels;

namespace Tandem.Replication.Link;

/// <summary>
/// The link's event channel as its owner sees it. Taking an event tells the link two things: a Received event frees
/// room for another (the link stops reading the socket while the owner lags, so TCP slows the peer down), and an
/// Established event means the owner knows of the connection, so sending on it may begin.
/// </summary>
internal sealed class LinkEventReader(ChannelReader<LinkEvent> inner, Action<LinkEvent> consumed) : ChannelReader<LinkEvent>
{
    public override Task Completion => inner.Completion;

    public override bool CanCount => true;

    public override int Count => inner.Count;

    public override bool CanPeek => true;

    public override bool TryPeek(out LinkEvent item) => inner.TryPeek(out item!);

    public override bool TryRead(out LinkEvent item)
    {
        if (!inner.TryRead(out item!))
        {
            return false;
        }

        consumed(item);
        return true;
    }

    public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) => inner.WaitToReadAsync(cancellationToken);
}
