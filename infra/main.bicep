// Serverless Splitter on Azure: one orchestrator app and one regional app per entry of `regions`, all Flex
// Consumption apps running the same package, with the shared storage account, Service Bus namespace and
// monitoring they use. Deploy with `az deployment sub what-if` / `create` (docs/deployment.md) or `azd up`.
targetScope = 'subscription'

@description('Environment name (2-20 letters, digits or hyphens) used in every resource name, for example `splitter` or `dev`.')
@minLength(2)
@maxLength(20)
param environmentName string

@description('Azure location of the shared resources and of the orchestrator app (its Serverless__Region); must offer Flex Consumption.')
@minLength(1)
@metadata({ azd: { type: 'location' } })
param location string

@description('Region names of the regional apps, one app per entry (Azure locations offering Flex Consumption, for example `westeurope`); each gets a `work-{region}` queue. Entries must be distinct.')
@minLength(1)
@maxLength(20)
param regions string[]

@description('`single`: everything in one resource group. `perRegion`: shared resources and the orchestrator in the main group, each regional app in its own `rg-{environment}-{region}` group in that region.')
@allowed([
  'single'
  'perRegion'
])
param resourceGroupLayout string = 'single'

@description('Name of the main resource group; empty means `rg-{environmentName}`.')
@maxLength(90)
param resourceGroupName string = ''

@description('Durable task hub of the orchestrator app (Serverless__TaskHub); letters and digits, starting with a letter.')
@minLength(3)
@maxLength(45)
param taskHubName string = 'SplitterHub'

@description('Queue regional workers put UnitCompleted messages on (Serverless__CompletionQueue).')
@minLength(1)
@maxLength(50)
param completionQueueName string = 'completions'

@description('Message bus of work items (Serverless__Bus): `servicebus` (Service Bus queues; regional workers poll them, dead-lettering after maxDeliveryCount) or `storagequeue` (Storage queues on the shared account; the RegionalWorkReceived queue trigger consumes them, so Flex Consumption scales each regional app on its queue). Completions always travel on the storage queue completionQueueName. The Service Bus namespace is deployed in both cases, so switching is a parameter change.')
@allowed([
  'servicebus'
  'storagequeue'
])
param bus string = 'servicebus'

@description('Path, inside the app package, of a regions JSON file the orchestrator plans over (Serverless__RegionsFile; the same file as `serverless run --regions`); empty: the built-in regions.')
param regionsFile string = ''

@description('Deliveries of a queue message before Service Bus dead-letters it.')
@minValue(1)
@maxValue(100)
param maxDeliveryCount int = 10

@description('State values above this many bytes go to Blob Storage (Serverless__InlineLimitBytes).')
@minValue(0)
@maxValue(1048576)
param inlineLimitBytes int = 32768

@description('Minutes an execution\'s variables are kept after it ends (Serverless__StateRetentionMinutes).')
@minValue(1)
param stateRetentionMinutes int = 60

@description('Path of the compiled regional template inside the app package (Serverless__DeploymentTemplatePath); the ARM provisioner deploys it for a new region.')
@minLength(1)
param deploymentTemplatePath string = 'infra/regional-app.json'

@description('Replication of the shared storage account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_RAGRS'
])
param storageSkuName string = 'Standard_LRS'

@description('Tier of the Service Bus namespace.')
@allowed([
  'Standard'
  'Premium'
])
param serviceBusSkuName string = 'Standard'

@description('Memory of each function app instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Most instances each function app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Days Log Analytics keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Optional URL of the app package (zip) deployed to every app with OneDeploy; empty deploys no code (publish afterwards). May carry a SAS token, hence secure.')
@secure()
param packageUri string = ''

@description('Object id of the deploying developer or pipeline principal (azd passes AZURE_PRINCIPAL_ID); it gets data-plane roles on the keyless storage account and Service Bus namespace. Empty grants nothing.')
@maxLength(36)
param principalId string = ''

@description('Kind of `principalId`: `User` for a developer, `ServicePrincipal` for a pipeline identity.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

@description('Extra tags applied to every resource.')
param tags { *: string } = {}

var env = toLower(environmentName)
var token = uniqueString(subscription().id, env, location)
var mainResourceGroupName = empty(resourceGroupName) ? 'rg-${env}' : resourceGroupName
var allTags = union(tags, {
  'azd-env-name': environmentName
  application: 'serverless-splitter'
})
var perRegion = resourceGroupLayout == 'perRegion'
var storageAccountName = 'st${take(replace(env, '-', ''), 9)}${token}'
var serviceBusNamespaceName = 'sb-${env}-${token}'
var applicationInsightsName = 'appi-${env}-${token}'
var orchestratorIdentityName = 'id-${env}-orchestrator'

resource mainGroup 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: mainResourceGroupName
  location: location
  tags: allTags
}

resource regionalGroups 'Microsoft.Resources/resourceGroups@2024-03-01' = [
  for region in regions: if (perRegion) {
    name: 'rg-${env}-${toLower(region)}'
    location: region
    tags: allTags
  }
]

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: mainGroup
  params: {
    logAnalyticsName: 'log-${env}-${token}'
    applicationInsightsName: applicationInsightsName
    location: location
    retentionInDays: logRetentionInDays
    tags: allTags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: mainGroup
  params: {
    storageAccountName: storageAccountName
    location: location
    skuName: storageSkuName
    taskHubName: taskHubName
    tags: allTags
  }
}

module serviceBus 'modules/servicebus.bicep' = {
  name: 'servicebus'
  scope: mainGroup
  params: {
    serviceBusNamespaceName: serviceBusNamespaceName
    location: location
    skuName: serviceBusSkuName
    completionQueueName: completionQueueName
    maxDeliveryCount: maxDeliveryCount
    tags: allTags
  }
}

module orchestrator 'modules/orchestrator-app.bicep' = {
  name: 'orchestrator'
  scope: mainGroup
  params: {
    environmentName: environmentName
    location: location
    regions: regions
    resourceToken: token
    identityName: orchestratorIdentityName
    storageAccountName: storageAccountName
    serviceBusNamespaceName: serviceBusNamespaceName
    applicationInsightsName: applicationInsightsName
    taskHubName: taskHubName
    completionQueueName: completionQueueName
    bus: bus
    regionsFile: regionsFile
    maxDeliveryCount: maxDeliveryCount
    inlineLimitBytes: inlineLimitBytes
    stateRetentionMinutes: stateRetentionMinutes
    deploymentTemplatePath: deploymentTemplatePath
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    packageUri: packageUri
    tags: allTags
  }
  dependsOn: [
    storage
    serviceBus
    monitoring
  ]
}

module developerRoles 'modules/developer-roles.bicep' = if (!empty(principalId)) {
  name: 'developer-roles'
  scope: mainGroup
  params: {
    principalId: principalId
    principalType: principalType
    storageAccountName: storageAccountName
    serviceBusNamespaceName: serviceBusNamespaceName
  }
  dependsOn: [
    storage
    serviceBus
  ]
}

// With one group per region, the provisioner also needs its rights where the regional apps live (to update
// or scale them); new regions it adds at run time go to the main group (Serverless__ResourceGroup).
module regionalProvisionerRoles 'modules/provisioner-roles.bicep' = [
  for (region, i) in regions: if (perRegion) {
    name: take('provisioner-${toLower(region)}', 64)
    scope: resourceGroup('rg-${env}-${toLower(region)}')
    params: {
      identityName: orchestratorIdentityName
      identityResourceGroupName: mainGroup.name
      assignableRoleDefinitionIds: orchestrator.outputs.assignableRoleDefinitionIds
    }
    dependsOn: [
      regionalGroups[i]
    ]
  }
]

// Deployment `serverless-{region}` in the group the orchestrator's provisioner deploys to and scales in: the same
// name the provisioner gives a region it adds (ArmProvisioner.DeploymentNameFor), whose `appName` output it scales.
module regional 'regional-app.bicep' = [
  for (region, i) in regions: {
    name: take('serverless-${toLower(region)}', 64)
    scope: resourceGroup(perRegion ? 'rg-${env}-${toLower(region)}' : mainResourceGroupName)
    params: {
      region: region
      location: region
      environmentName: environmentName
      regions: regions
      storageAccountName: storageAccountName
      serviceBusNamespaceName: serviceBusNamespaceName
      applicationInsightsName: applicationInsightsName
      sharedResourceGroupName: mainGroup.name
      provisionerResourceGroupName: mainGroup.name
      taskHubName: taskHubName
      completionQueueName: completionQueueName
      bus: bus
      maxDeliveryCount: maxDeliveryCount
      inlineLimitBytes: inlineLimitBytes
      stateRetentionMinutes: stateRetentionMinutes
      deploymentTemplatePath: deploymentTemplatePath
      maximumInstanceCount: maximumInstanceCount
      instanceMemoryMB: instanceMemoryMB
      packageUri: packageUri
      tags: allTags
    }
    dependsOn: [
      regionalGroups[i]
      storage
      serviceBus
      monitoring
    ]
  }
]

@description('Name of the main resource group (shared resources and orchestrator).')
output resourceGroupName string = mainGroup.name

@description('Environment name the deployment used (pass it to regional-app.json for new regions).')
output environmentName string = environmentName

@description('Name of the orchestrator function app.')
output orchestratorAppName string = orchestrator.outputs.appName

@description('Host name of the orchestrator function app (the HTTP API is under https://{host}/api).')
output orchestratorHostName string = orchestrator.outputs.hostName

@description('Regions with a regional app, in the order of the names below.')
output regions string[] = regions

@description('Names of the regional function apps, one per region.')
output regionalAppNames string[] = [for (region, i) in regions: regional[i].outputs.appName]

@description('Host names of the regional function apps, one per region.')
output regionalHostNames string[] = [for (region, i) in regions: regional[i].outputs.hostName]

@description('Resource groups of the regional function apps, one per region.')
output regionalResourceGroupNames string[] = [for region in regions: perRegion ? 'rg-${env}-${toLower(region)}' : mainGroup.name]

@description('Name of the Service Bus namespace.')
output serviceBusNamespaceName string = serviceBus.outputs.serviceBusNamespaceName

@description('Host name of the Service Bus namespace (Serverless__ServiceBusNamespace).')
output serviceBusHostName string = serviceBus.outputs.serviceBusHostName

@description('Name of the shared storage account.')
output storageAccountName string = storage.outputs.storageAccountName

@description('Name of the Application Insights component.')
output applicationInsightsName string = monitoring.outputs.applicationInsightsName
