// Control-plane rights of the orchestrator's ARM provisioner on one resource group: Contributor to deploy
// regional-app.json (Flex plans, function apps, identities, queues, containers; Website Contributor alone
// cannot create identities or queues), and Role Based Access Control Administrator restricted by an ABAC
// condition to assigning or removing only the data roles that template grants. No Owner, no
// User Access Administrator.

@description('Name of the orchestrator app\'s user-assigned managed identity.')
@minLength(3)
@maxLength(128)
param identityName string

@description('Resource group of that identity.')
@minLength(1)
@maxLength(90)
param identityResourceGroupName string

@description('Role definition ids the provisioner may assign (the data roles of role-assignments.bicep).')
@minLength(1)
param assignableRoleDefinitionIds string[]

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
  scope: resourceGroup(identityResourceGroupName)
}

var principalId = identity.properties.principalId
var contributor = 'b24988ac-6180-42a0-ab88-20f7382dd24c'
var roleBasedAccessControlAdministrator = 'f58310d9-a9f6-439a-9e8d-f62e7b41a168'

var allowedRoles = join(assignableRoleDefinitionIds, ', ')
var assignCondition = '((!(ActionMatches{\'Microsoft.Authorization/roleAssignments/write\'})) OR (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${allowedRoles}})) AND ((!(ActionMatches{\'Microsoft.Authorization/roleAssignments/delete\'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${allowedRoles}}))'

resource deployer 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, identity.id, contributor)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', contributor)
    description: 'Serverless Splitter ARM provisioner: deploys regional apps from regional-app.json.'
  }
}

resource roleGranter 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, identity.id, roleBasedAccessControlAdministrator)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleBasedAccessControlAdministrator)
    description: 'Serverless Splitter ARM provisioner: may grant only the data roles regional apps need.'
    condition: assignCondition
    conditionVersion: '2.0'
  }
}

@description('Names of the two role assignments.')
output roleAssignmentNames string[] = [
  deployer.name
  roleGranter.name
]
