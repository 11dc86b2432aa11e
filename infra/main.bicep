// The whole connector in one resource group: Function App (Node 20, Linux, managed identity),
// a storage account for the app plus one per geography for appointment phone data,
// Service Bus (session queues with duplicate detection), Key Vault (the SMART signing key),
// Log Analytics + Application Insights. Deploy:
//   az deployment group create -g <rg> -f infra/main.bicep -p infra/main.parameters.json
targetScope = 'resourceGroup'

@description('Short name used to derive resource names (letters and digits, 3-11 characters).')
@minLength(3)
@maxLength(11)
param namePrefix string

@description('Region of the app and its own storage.')
param location string = resourceGroup().location

@allowed(['test', 'production'])
@description('Which EHR environment this deployment serves.')
param deploymentEnvironment string

@description('Regions of the per-geography storage accounts that hold appointment phone data until the visit.')
param geographyLocations object = {
  US: 'eastus2'
  EU: 'westeurope'
  APAC: 'australiaeast'
}

@description('Client id the EHR registered for the connector (SMART).')
param smartClientId string

@description('Admin API audience (Application ID URI of the admin API app registration).')
param adminAuthAudience string

@description('Application (client) id of the admin portal\'s SPA app registration (Entra sign-in).')
param portalClientId string

@allowed(['local', 'graph'])
param meetingProvider string = 'graph'

@description('Object id of the account that organises online meetings (Graph).')
param graphOrganizerUserId string = ''

@description('Azure Communication Services resource name, if SMS is used (created separately with its phone numbers).')
param communicationServicesName string = ''

var suffix = uniqueString(resourceGroup().id, namePrefix)
var appName = '${namePrefix}-${suffix}'
var storageName = toLower('${namePrefix}${take(suffix, 8)}app')
var keyVaultName = toLower('${namePrefix}-${take(suffix, 8)}-kv')
var serviceBusName = '${namePrefix}-${suffix}-sb'
var queues = [
  { name: 'hl7-process', sessions: true }
  { name: 'sms-send', sessions: true }
]
var appTables = ['config', 'visits', 'launchstate', 'visitrooms', 'ehrusers', 'hl7tokens', 'smslog', 'smsoptouts', 'smsjoinlinks', 'smspacing']
var geographyTables = ['appointments', 'due', 'hl7deadletters']

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${appName}-logs'
  location: location
  properties: { sku: { name: 'PerGB2018' }, retentionInDays: 30 }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${appName}-ai'
  location: location
  kind: 'web'
  properties: { Application_Type: 'web', WorkspaceResourceId: logs.id, DisableIpMasking: false }
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  sku: { name: 'Standard_ZRS' }
  kind: 'StorageV2'
  properties: { minimumTlsVersion: 'TLS1_2', allowBlobPublicAccess: false, supportsHttpsTrafficOnly: true }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [for t in appTables: {
  parent: tableService
  name: t
}]

module geographies 'geography-storage.bicep' = [for geo in items(geographyLocations): {
  name: 'geo-${geo.key}'
  params: {
    name: toLower('${namePrefix}${take(suffix, 6)}${geo.key}')
    location: geo.value
    tables: geographyTables
  }
}]

resource serviceBus 'Microsoft.ServiceBus/namespaces@2022-10-01-preview' = {
  name: serviceBusName
  location: location
  sku: { name: 'Standard', tier: 'Standard' }
  properties: { minimumTlsVersion: '1.2', disableLocalAuth: true }
}

resource serviceBusQueues 'Microsoft.ServiceBus/namespaces/queues@2022-10-01-preview' = [for q in queues: {
  parent: serviceBus
  name: q.name
  properties: {
    requiresSession: q.sessions
    requiresDuplicateDetection: true
    duplicateDetectionHistoryTimeWindow: 'P1D'
    maxDeliveryCount: 5
    deadLetteringOnMessageExpiration: true
    lockDuration: 'PT1M'
  }
}]

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    enablePurgeProtection: true
  }
}

resource signingKey 'Microsoft.KeyVault/vaults/keys@2023-07-01' = {
  parent: keyVault
  name: 'smart-client-assertion'
  properties: { kty: 'RSA', keySize: 3072, keyOps: ['sign', 'verify'] }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${appName}-plan'
  location: location
  sku: { name: 'EP1', tier: 'ElasticPremium' }
  kind: 'elastic'
  properties: { reserved: true }
}

var geoConnections = [for (geo, i) in items(geographyLocations): {
  name: 'STORAGE_CONNECTION_${geo.key}'
  value: geographies[i].outputs.connection
}]

resource functionApp 'Microsoft.Web/sites@2023-12-01' = {
  name: appName
  location: location
  kind: 'functionapp,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'Node|20'
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      appSettings: concat([
        { name: 'FUNCTIONS_EXTENSION_VERSION', value: '~4' }
        { name: 'FUNCTIONS_WORKER_RUNTIME', value: 'node' }
        { name: 'AzureWebJobsStorage', value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}' }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'DEPLOYMENT_ENVIRONMENT', value: deploymentEnvironment }
        { name: 'PUBLIC_BASE_URL', value: 'https://${appName}.azurewebsites.net' }
        { name: 'STORAGE_CONNECTION', value: 'DefaultEndpointsProtocol=https;AccountName=${storage.name};AccountKey=${storage.listKeys().keys[0].value};EndpointSuffix=${environment().suffixes.storage}' }
        { name: 'QUEUE_TRANSPORT', value: 'servicebus' }
        { name: 'SERVICEBUS_NAMESPACE', value: '${serviceBus.name}.servicebus.windows.net' }
        { name: 'SERVICEBUS__fullyQualifiedNamespace', value: '${serviceBus.name}.servicebus.windows.net' }
        { name: 'SMART_CLIENT_ID', value: smartClientId }
        { name: 'KEY_SOURCE', value: 'keyvault' }
        { name: 'KEY_VAULT_URL', value: keyVault.properties.vaultUri }
        { name: 'KEY_VAULT_KEY_NAME', value: signingKey.name }
        { name: 'MEETING_PROVIDER', value: meetingProvider }
        { name: 'GRAPH_ORGANIZER_USER_ID', value: graphOrganizerUserId }
        { name: 'ADMIN_AUTH_MODE', value: 'entra' }
        { name: 'ADMIN_AUTH_AUDIENCE', value: adminAuthAudience }
        { name: 'PORTAL_ENTRA_CLIENT_ID', value: portalClientId }
        { name: 'PHONE_NUMBER_PROVIDER', value: empty(communicationServicesName) ? 'local' : 'acs' }
        { name: 'SMS_SENDER', value: empty(communicationServicesName) ? 'outbox' : 'acs' }
        { name: 'SMS_HASH_KEY', value: '@Microsoft.KeyVault(VaultName=${keyVault.name};SecretName=sms-hash-key)' }
        { name: 'SMS_EVENTS_SECRET', value: '@Microsoft.KeyVault(VaultName=${keyVault.name};SecretName=sms-events-secret)' }
        { name: 'ACS_CONNECTION_STRING', value: '@Microsoft.KeyVault(VaultName=${keyVault.name};SecretName=acs-connection)' }
        { name: 'ACS_CONNECTION', value: '@Microsoft.KeyVault(VaultName=${keyVault.name};SecretName=acs-connection)' }
      ], geoConnections)
    }
  }
}

// The app signs SMART client assertions with the Key Vault key and reads its secrets.
var roles = {
  keyVaultCryptoUser: '12338af0-0e69-4776-bea7-57ae8d297424'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  serviceBusDataOwner: '090c5cfd-751d-490a-894a-3ce6f1109419'
}

resource cryptoUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: keyVault
  name: guid(keyVault.id, functionApp.id, roles.keyVaultCryptoUser)
  properties: { principalId: functionApp.identity.principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultCryptoUser) }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: keyVault
  name: guid(keyVault.id, functionApp.id, roles.keyVaultSecretsUser)
  properties: { principalId: functionApp.identity.principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser) }
}

resource busOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: serviceBus
  name: guid(serviceBus.id, functionApp.id, roles.serviceBusDataOwner)
  properties: { principalId: functionApp.identity.principalId, principalType: 'ServicePrincipal', roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataOwner) }
}

output functionAppUrl string = 'https://${functionApp.properties.defaultHostName}'
output jwksUrl string = 'https://${functionApp.properties.defaultHostName}/api/.well-known/jwks.json'
output portalUrl string = 'https://${functionApp.properties.defaultHostName}/api/portal/'
output redirectUri string = 'https://${functionApp.properties.defaultHostName}/api/launch/callback'
