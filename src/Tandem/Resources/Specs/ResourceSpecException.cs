namespace Tandem.Resources.Specs;

/// <summary>A resource string that cannot be understood; the message says what is wrong and what to write.</summary>
public sealed class ResourceSpecException(string message) : Exception(message);
