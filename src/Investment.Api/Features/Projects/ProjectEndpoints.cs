using Investment.Api.Features.Access;
using Investment.Api.Http;

namespace Investment.Api.Features.Projects;

public static class ProjectEndpoints
{
    public static RouteGroupBuilder MapProjects(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/projects").WithTags("Projects");
        group.MapGet("/", ListProjects.Handle).WithName("ListProjects");
        group.MapGet("/{id:long}", GetProject.Handle).WithName("GetProject");
        group.MapPost("/", CreateProject.Handle).WithName("CreateProject").WithValidation<CreateProjectRequest>()
            .RequireAuthorization(Policies.RegistryWrite);
        group.MapPut("/{id:long}", UpdateProject.Handle).WithName("UpdateProject").WithValidation<UpdateProjectRequest>()
            .RequireAuthorization(Policies.RegistryWrite);
        group.MapPost("/{id:long}/archive", ArchiveProject.Archive).WithName("ArchiveProject")
            .RequireAuthorization(Policies.RegistryWrite);
        group.MapPost("/{id:long}/restore", ArchiveProject.Restore).WithName("RestoreProject")
            .RequireAuthorization(Policies.RegistryWrite);
        group.MapDelete("/{id:long}", ArchiveProject.Delete).WithName("DeleteProject")
            .RequireAuthorization(Policies.RegistryWrite);

        group.MapPost("/{id:long}/sections", ProjectSections.Add).WithName("AddSection").WithValidation<SectionInput>()
            .RequireAuthorization(Policies.RegistryWrite);
        group.MapPut("/{id:long}/sections/{sectionId:long}", ProjectSections.Update).WithName("UpdateSection")
            .WithValidation<UpdateSectionRequest>()
            .RequireAuthorization(Policies.RegistryWrite);
        group.MapDelete("/{id:long}/sections/{sectionId:long}", ProjectSections.Delete).WithName("DeleteSection")
            .RequireAuthorization(Policies.RegistryWrite);

        group.MapPut("/{id:long}/milestones/{kind}", ProjectMilestones.Set).WithName("SetMilestone")
            .WithValidation<SetMilestoneRequest>()
            .RequireAuthorization(Policies.RegistryWrite);
        group.MapDelete("/{id:long}/milestones/{kind}", ProjectMilestones.Delete).WithName("DeleteMilestone")
            .RequireAuthorization(Policies.RegistryWrite);
        return group;
    }
}
