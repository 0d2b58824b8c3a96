// The orchestrator app: API, durable orchestrations and entities, completion consumer and the ARM
// provisioner. Lives in the resource group of the shared resources; its identity gets the data roles plus
// the provisioner's rights on that resource group.

@description('Environment name used in resource names.')
@minLength(2)
@maxLength(20)
param environmentName string

@description('Azure location (and Serverless__Region, the origin region) of the orchestrator.')
@minLength(1)
param location string

@description('Regions the orchestrator may place units in (Serverless__Regions).')
@minLength(1)
param regions string[]

@description('Suffix that makes the global names of this environment unique.')
@minLength(13)
@maxLength(13)
param resourceToken string

@description('Name of the orchestrator\'s user-assigned managed identity.')
@minLength(3)
@maxLength(128)
param identityName string

@description('Name of the shared storage account.')
@minLength(3)
@maxLength(24)
param storageAccountName string

@description('Name of the Service Bus namespace.')
@minLength(6)
@maxLength(50)
param serviceBusNamespaceName string

@description('Name of the Application Insights component.')
@minLength(1)
@maxLength(260)
param applicationInsightsName string

@description('Durable task hub of the orchestrator (Serverless__TaskHub).')
@minLength(3)
@maxLength(45)
param taskHubName string

@description('Queue the orchestrator consumes UnitCompleted messages from.')
@minLength(1)
@maxLength(260)
param completionQueueName string

@description('Message bus of work items (Serverless__Bus).')
@allowed([
  'servicebus'
  'storagequeue'
])
param bus string = 'servicebus'

@description('Path, inside the app package, of the regions JSON file the orchestrator plans over (Serverless__RegionsFile); empty: the built-in regions.')
param regionsFile string = ''

@description('Deliveries of a work item before it is dead-lettered (passed to regional apps the provisioner adds).')
@minValue(1)
@maxValue(100)
param maxDeliveryCount int

@description('State values above this many bytes go to Blob Storage.')
@minValue(0)
@maxValue(1048576)
param inlineLimitBytes int

@description('Minutes an execution\'s variables are kept after it ends.')
@minValue(1)
param stateRetentionMinutes int

@description('Path of the compiled regional template inside the app package.')
@minLength(1)
param deploymentTemplatePath string

@description('Most instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('Memory of each instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Optional URL of the app package (zip) to deploy with OneDeploy.')
@secure()
param packageUri string = ''

@description('Tags applied to every resource.')
param tags { *: string } = {}

var env = toLower(environmentName)
var appName = 'func-${env}-orch-${resourceToken}'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: identityName
  location: location
  tags: tags
}

resource namespace 'Microsoft.ServiceBus/namespaces@2024-01-01' existing = {
  name: serviceBusNamespaceName
}

module deploymentContainer 'blob-container.bicep' = {
  name: take('container-${appName}', 64)
  params: {
    storageAccountName: storageAccountName
    containerName: 'app-package-${resourceToken}'
  }
}

module roles 'role-assignments.bicep' = {
  name: take('roles-${appName}', 64)
  params: {
    identityName: identity.name
    identityResourceGroupName: resourceGroup().name
    storageAccountName: storageAccountName
    serviceBusNamespaceName: serviceBusNamespaceName
    receiveQueueName: completionQueueName
    // Namespace-wide: the work queue of a region added at run time is reachable at once, and its length readable.
    sendQueueName: ''
    manageQueues: true
    applicationInsightsName: applicationInsightsName
  }
}

module provisionerRoles 'provisioner-roles.bicep' = {
  name: take('provisioner-${appName}', 64)
  params: {
    identityName: identity.name
    identityResourceGroupName: resourceGroup().name
    assignableRoleDefinitionIds: roles.outputs.grantedRoleDefinitionIds
  }
}

module app 'function-app.bicep' = {
  name: take('app-${appName}', 64)
  params: {
    appName: appName
    planName: take('plan-${env}-orchestrator', 60)
    location: location
    role: 'orchestrator'
    region: toLower(location)
    regions: regions
    taskHubName: taskHubName
    storageAccountName: storageAccountName
    serviceBusHostName: replace(split(split(namespace.properties.serviceBusEndpoint, '//')[1], ':')[0], '/', '')
    completionQueueName: completionQueueName
    bus: bus
    regionsFile: regionsFile
    inlineLimitBytes: inlineLimitBytes
    stateRetentionMinutes: stateRetentionMinutes
    provisionerResourceGroupName: resourceGroup().name
    deploymentTemplatePath: deploymentTemplatePath
    identityName: identity.name
    applicationInsightsName: applicationInsightsName
    sharedResourceGroupName: resourceGroup().name
    deploymentContainerUrl: deploymentContainer.outputs.containerUrl
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    packageUri: packageUri
    // azd deploys the `functions` service of azure.yaml to the resource carrying this tag.
    tags: union(tags, { 'azd-service-name': 'functions' })
    // What main.bicep passes its own regional apps, so a region the provisioner adds is deployed the same way.
    deploymentParameters: {
      environmentName: environmentName
      storageAccountName: storageAccountName
      serviceBusNamespaceName: serviceBusNamespaceName
      applicationInsightsName: applicationInsightsName
      sharedResourceGroupName: resourceGroup().name
      provisionerResourceGroupName: resourceGroup().name
      taskHubName: taskHubName
      completionQueueName: completionQueueName
      bus: bus
      maxDeliveryCount: maxDeliveryCount
      inlineLimitBytes: inlineLimitBytes
      stateRetentionMinutes: stateRetentionMinutes
      deploymentTemplatePath: deploymentTemplatePath
      maximumInstanceCount: maximumInstanceCount
      instanceMemoryMB: instanceMemoryMB
      regions: regions
    }
  }
  dependsOn: [
    roles
    provisionerRoles
  ]
}

@description('Name of the orchestrator app.')
output appName string = app.outputs.appName

@description('Default host name of the orchestrator app.')
output hostName string = app.outputs.hostName

@description('Role definition ids the provisioner may assign.')
output assignableRoleDefinitionIds string[] = roles.outputs.grantedRoleDefinitionIds
