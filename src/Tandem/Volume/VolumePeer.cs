using Tandem.Config;

namespace Tandem.Volume;

/// <summary>What a volume needs to replicate: the cluster, the peer node's part of the volume and the cluster key.</summary>
public sealed record VolumePeer(string Cluster, string PeerNode, VolumeNodeOptions PeerOptions, byte[] Key);
