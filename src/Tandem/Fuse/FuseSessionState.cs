namespace Tandem.Fuse;

/// <summary>
/// Life of a FUSE session as the request handler sees it.
/// AwaitingInit --INIT accepted--> Running --DESTROY--> Destroyed; INIT refused --> Failed.
/// The transport ends the session when read(2) reports ENODEV (unmounted) or the connection is aborted.
/// </summary>
public enum FuseSessionState
{
    AwaitingInit,
    Running,
    Destroyed,
    Failed,
}
