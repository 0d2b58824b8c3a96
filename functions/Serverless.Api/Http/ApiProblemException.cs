namespace Serverless.Api.Http;

/// <summary>A rejected request: the HTTP status, a short title, a detail that says what to change, and the field.</summary>
internal sealed class ApiProblemException : Exception
{
    public ApiProblemException(int status, string title, string detail, string? field = null)
        : base(detail)
    {
        Status = status;
        Title = title;
        Field = field;
    }

    public ApiProblemException()
    {
        Title = string.Empty;
    }

    public ApiProblemException(string message)
        : base(message)
    {
        Title = string.Empty;
    }

    public ApiProblemException(string message, Exception innerException)
        : base(message, innerException)
    {
        Title = string.Empty;
    }

    public int Status { get; }

    public string Title { get; }

    public string? Field { get; }

    public static ApiProblemException BadRequest(string detail, string? field = null) => new(400, "Bad request", detail, field);

    public static ApiProblemException Invalid(string detail, string field) => new(422, "Invalid value", detail, field);

    public static ApiProblemException NotFound(string detail, string? field = null) => new(404, "Not found", detail, field);
}
